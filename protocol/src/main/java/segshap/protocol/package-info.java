/**
 * The data contracts of segshap: what an explanation writes ({@link segshap.protocol.ExplanationReport},
 * serialised as {@code report.json}, with the job it was computed from and the {@link
 * segshap.protocol.EngineReport} of how it ran), the engine's {@link segshap.protocol.Progress} events, and the
 * job spec itself (package {@code segshap.protocol.job}). Plain Jackson records, camelCase fields, units in the
 * names, validated in their compact constructors. NaN is never written: quantities that do not apply are
 * {@code null}.
 *
 * <p>Versioning: {@link segshap.protocol.ExplanationReport#FORMAT_VERSION} increases when a field changes
 * meaning or disappears; new fields may appear in any version. Version 2 replaced v1's flat {@code inputs} by
 * the nested {@code job} and added {@code engine}.
 */
package segshap.protocol;
