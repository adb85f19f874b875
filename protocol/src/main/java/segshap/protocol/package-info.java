/**
 * The data contracts of segshap: what an explanation writes ({@link segshap.protocol.ExplanationReport},
 * serialised as {@code report.json}) and what clients read. Plain Jackson records, camelCase fields,
 * units in the names. NaN is never written: quantities that do not apply are {@code null}.
 *
 * <p>Versioning: {@link segshap.protocol.ExplanationReport#FORMAT_VERSION} increases when a field changes
 * meaning or disappears; new fields may appear in any version.
 */
package segshap.protocol;
