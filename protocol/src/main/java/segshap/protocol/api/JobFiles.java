package segshap.protocol.api;

import java.util.List;

/**
 * The files of a finished job's result ({@code GET /v1/jobs/{id}/files}), by name, sorted; each can be fetched
 * from {@code /v1/jobs/{id}/files/{name}}. {@code report.json} is among them.
 *
 * @param files plain file names (no folder part)
 */
public record JobFiles(List<String> files) {
    public JobFiles {
        files = files == null ? List.of() : List.copyOf(files);
        for (String f : files) {
            if (f.isEmpty() || f.contains("/") || f.startsWith(".")) {
                throw new IllegalArgumentException("files[] '" + f + "': expected a plain file name");
            }
        }
    }
}
