package segshap.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import segshap.engine.output.OutputTransaction;

/**
 * Temporaries that fail or stall like a real disk, for one named result file: {@link #fullAfter} accepts a few
 * bytes and then throws what the JDK throws on ENOSPC ({@code IOException("No space left on device")}, no path);
 * {@link #stallAt} prints {@code STALLED <name>} on its first write and then blocks, so a test can kill the JVM
 * in the middle of writing. Other files are written normally.
 */
final class FaultyDisk {
    /** The exact text of the JDK's ENOSPC exception on Linux. */
    static final String ENOSPC = "No space left on device";

    private FaultyDisk() {}

    /** Writes to the temporary of {@code fileName} fail once {@code bytes} bytes are in it. */
    static OutputTransaction.Opener fullAfter(String fileName, long bytes) {
        return temporary -> {
            FileChannel real = OutputTransaction.FILES.open(temporary);
            if (!isFor(temporary, fileName)) return real;
            return new Faulty(real, (ch, src) -> {
                long room = bytes - ch.size();
                if (src.remaining() <= room) return;
                src.limit(src.position() + (int) Math.max(0, room));
                ch.delegate.write(src); // what fits lands on disk, as with a real full disk
                throw new IOException(ENOSPC);
            });
        };
    }

    /** The first write to the temporary of {@code fileName} announces itself on {@code announce} and never returns. */
    static OutputTransaction.Opener stallAt(String fileName, PrintStream announce) {
        return temporary -> {
            FileChannel real = OutputTransaction.FILES.open(temporary);
            if (!isFor(temporary, fileName)) return real;
            return new Faulty(real, (ch, src) -> {
                announce.println("STALLED " + fileName);
                announce.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while stalled", e);
                }
            });
        };
    }

    private static boolean isFor(Path temporary, String fileName) {
        return temporary.getFileName().toString().startsWith("." + fileName + ".tmp-");
    }

    @FunctionalInterface
    private interface BeforeWrite {
        /** May shorten {@code src} and write part of it, or throw. */
        void check(Faulty channel, ByteBuffer src) throws IOException;
    }

    /** A file channel that consults {@link BeforeWrite} before each sequential write and delegates the rest. */
    private static final class Faulty extends FileChannel {
        final FileChannel delegate;
        private final BeforeWrite beforeWrite;

        Faulty(FileChannel delegate, BeforeWrite beforeWrite) {
            this.delegate = delegate;
            this.beforeWrite = beforeWrite;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            beforeWrite.check(this, src);
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) n += write(srcs[i]);
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("not used by OutputTransaction");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new IOException("not used by OutputTransaction");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("not used by OutputTransaction");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
