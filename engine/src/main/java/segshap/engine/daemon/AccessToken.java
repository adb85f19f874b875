package segshap.engine.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import segshap.kernels.InputException;

/**
 * The one secret a client must present ({@code Authorization: Bearer <token>} or the viewer's cookie
 * {@code segshap_token}). Read from {@code --token-file}, or created once in {@code DIR/token} (32 random bytes
 * as hex, mode 600) and read back on every later start, so clients keep working across restarts.
 */
final class AccessToken {
    /** The file name inside the data folder. */
    static final String FILE = "token";
    private static final int MIN_LENGTH = 16;

    private final byte[] token;
    private final Path file;

    private AccessToken(String token, Path file) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.file = file;
    }

    /**
     * The token in {@code file} (surrounding white space ignored).
     *
     * @throws InputException naming {@code --token-file} when it cannot be read or holds fewer than 16 characters
     */
    static AccessToken fromFile(Path file) {
        String t;
        try {
            t = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InputException("--token-file " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        if (t.length() < MIN_LENGTH || t.chars().anyMatch(Character::isWhitespace)) {
            throw new InputException("--token-file " + file + ": the token must be at least " + MIN_LENGTH
                    + " characters without spaces; e.g. openssl rand -hex 32 > " + file);
        }
        return new AccessToken(t, file);
    }

    /** The token of {@code dataDir}, created there ({@value #FILE}, owner read/write only) on first use. */
    static AccessToken inDataFolder(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) return fromFile(file);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String hex = HexFormat.of().formatHex(secret);
        Path tmp = dataDir.resolve("." + FILE + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(tmp);
            // created with mode 600 from the start: the secret is never readable by others, not even briefly
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, hex + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            return fromFile(file);
        } catch (IOException e) {
            throw new InputException("--data " + dataDir + ": cannot create the token file " + file + " (" + e.getMessage() + ")", e);
        }
        return new AccessToken(hex, file);
    }

    /** Where the token is kept (printed at start, so clients can point {@code --token-file} at it). */
    Path file() { return file; }

    /** Whether {@code presented} is the token; compares in constant time. */
    boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
