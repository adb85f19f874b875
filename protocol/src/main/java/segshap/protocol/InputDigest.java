package segshap.protocol;

import java.util.Locale;

/**
 * The SHA-256 digest of one input file as it was read for an explanation, so a later {@code segshap evaluate}
 * can tell whether the file at that path is still the same one.
 *
 * <p>Example: {@code {"file": "/data/case1/ct.nii.gz", "bytes": 31457280, "sha256": "9f86d08…"}}.
 *
 * @param file   absolute path of the file when it was read
 * @param bytes  its size in bytes, ≥ 0
 * @param sha256 SHA-256 of its bytes as it is on disk (compressed files are not decompressed), 64 lowercase hex digits
 * @throws IllegalArgumentException naming the field and the value when one is malformed
 */
public record InputDigest(String file, long bytes, String sha256) {
    public InputDigest {
        if (file == null || file.isBlank()) throw new IllegalArgumentException("inputDigests.file '" + file + "': required");
        if (bytes < 0) throw new IllegalArgumentException("inputDigests.bytes " + bytes + " of " + file + ": must be ≥ 0");
        if (sha256 == null || !sha256.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("inputDigests.sha256 '" + sha256 + "' of " + file + ": expected 64 hex digits");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }
}
