package segshap.engine.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import segshap.engine.client.ClientException;
import segshap.engine.client.SegshapClient;
import segshap.kernels.InputException;

/** Which daemon a client command talks to, and its token; shared by {@code submit} and {@code jobs}. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8470",
            description = "Address of the segshap serve daemon. (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:SEGSHAP_TOKEN_FILE}",
            description = "File holding the server's access token (segshap serve prints its path; DATA/token unless the server "
                    + "was given --token-file). (default: $SEGSHAP_TOKEN_FILE)")
    Path tokenFile;

    /** A client of the server; the messages name the option at fault. */
    SegshapClient client() {
        URI uri;
        try {
            uri = URI.create(server.strip());
        } catch (IllegalArgumentException e) {
            throw new InputException("--server '" + server + "': not a URL; e.g. http://127.0.0.1:8470");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InputException("--server '" + server + "': expected http://HOST:PORT, e.g. http://127.0.0.1:8470");
        }
        if (tokenFile == null) {
            throw new InputException("--token-file: required (or set SEGSHAP_TOKEN_FILE); segshap serve printed the path of its "
                    + "token file when it started (DATA/token by default)");
        }
        try {
            return new SegshapClient(uri, SegshapClient.readToken(tokenFile));
        } catch (IOException e) {
            throw new InputException("--token-file " + tokenFile + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** One call to the server. */
    @FunctionalInterface
    interface Call<T> {
        T run(SegshapClient client) throws IOException;
    }

    /**
     * Runs {@code call}: a refused request (400–499) becomes an input error (exit 2) with the server's message, a server
     * that cannot be reached an I/O error naming {@code --server} (exit 1).
     */
    <T> T call(SegshapClient client, Call<T> call) throws IOException {
        try {
            return call.run(client);
        } catch (ClientException e) {
            if (e.status() == 401) throw new InputException("--token-file " + tokenFile + ": the server refused the token (" + e.getMessage() + ")", e);
            if (e.status() < 500) throw new InputException(e.getMessage(), e);
            throw new IOException("the server failed: " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw new IOException("--server " + server + ": cannot connect (" + e.getMessage()
                    + "); is segshap serve running there?", e);
        }
    }
}
