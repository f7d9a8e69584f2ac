package dev.loadctl.result;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes one output file the way its path asks for. A regular file (or a new one) is replaced atomically
 * and durably: a temporary file beside it is written and fsynced, renamed over it, and the folder is
 * fsynced, so readers see the old content or the new, and a crash after this returns keeps the new.
 * Anything else is written through and never replaced: a character device ({@code /dev/null},
 * {@code /dev/full}, a terminal), a FIFO, {@code /proc/self/fd/N}. A symbolic link is followed and its
 * target written the same way; the link stays. Every failure is a {@link LoadctlException} with exit
 * code 3, thrown before the caller can claim the file was written.
 */
public final class OutputFile {

    /** Linux's own limit on links followed in one path lookup. */
    private static final int MAX_LINKS = 40;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private OutputFile() {
    }

    public static void write(Path path, byte[] content) {
        try {
            Destination destination = destination(path);
            if (destination.replaced()) {
                replaceAtomically(destination.target(), content);
            } else {
                writeThrough(destination.target(), content);
            }
        } catch (IOException e) {
            throw cannotWrite(path, reason(e, path), e);
        }
    }

    /**
     * Checks, writing nothing that stays, that {@link #write} could write {@code path} now: for a command that
     * would otherwise learn it only after a long run ({@code run --json} once wrk is done). A file to replace
     * needs its folder, or the nearest folder above it that exists, to take a new file (one is created there
     * and removed); a device or FIFO is not opened. Throws what {@link #write} would (exit 3).
     */
    public static void requireWritable(Path path) {
        try {
            Destination destination = destination(path);
            if (!destination.replaced()) {
                return;
            }
            Path existing = destination.target().getParent();
            while (existing.getParent() != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (!Files.isDirectory(existing)) {
                throw new FileAlreadyExistsException(existing.toString());
            }
            Files.delete(Files.createTempFile(existing, "." + destination.target().getFileName(), ".tmp"));
        } catch (IOException e) {
            throw cannotWrite(path, reason(e, path), e);
        }
    }

    /**
     * Where writing {@code path} leads, with links followed, and whether it is a file to replace or a stream to
     * write through; a folder, a block device, a socket or a loop of links is refused.
     */
    private record Destination(Path target, boolean replaced) {
    }

    private static Destination destination(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        for (int links = 0; ; links++) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException absent) {
                return new Destination(target, true);
            }
            if (attributes.isSymbolicLink()) {
                if (inProc(target)) {
                    // /proc/self/fd/N (where /dev/stdout leads) names an open file, pipe or socket, not a
                    // path: only opening it reaches the same thing.
                    return new Destination(target, false);
                }
                if (links == MAX_LINKS) {
                    throw cannotWrite(path, "more than " + MAX_LINKS + " symbolic links in a row");
                }
                target = target.resolveSibling(Files.readSymbolicLink(target));
            } else if (attributes.isRegularFile()) {
                return new Destination(target, true);
            } else if (attributes.isDirectory()) {
                throw cannotWrite(path, (path.equals(target) ? "it" : target.toString())
                        + " is a folder; name a file");
            } else {
                int type = fileType(target);
                if (type == BLOCK_DEVICE || type == SOCKET) {
                    throw cannotWrite(path, (path.equals(target) ? "it" : target.toString()) + " is a "
                            + (type == SOCKET ? "socket" : "block device")
                            + "; name a file, a FIFO or a character device such as /dev/null");
                }
                return new Destination(target, false);
            }
        }
    }

    private static void replaceAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            readableByAll(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeAll(channel, content);
                // Before the rename: otherwise a crash can leave the new name on an empty or partial file.
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The rename is only durable once the folder holding it is. */
    private static void syncFolder(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** No temporary file, no rename and no fsync: devices and FIFOs are streams, not files to replace. */
    private static void writeThrough(Path target, byte[] content) throws IOException {
        // Appending keeps a shell's redirection of the stream whole (>> stays >>, > already truncated).
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            writeAll(channel, content);
        }
    }

    private static void writeAll(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static boolean inProc(Path link) {
        try {
            return link.getParent() != null && link.getParent().toRealPath().startsWith("/proc");
        } catch (IOException e) {
            return false;
        }
    }

    private static int fileType(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & FILE_TYPE_MASK;
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return 0;
        }
    }

    /** Temp files are created owner-only; a result or report is meant to be shared like any file. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their default permissions.
        }
    }

    /** What went wrong, without the path again (the message names it once). */
    private static String reason(IOException e, Path named) {
        if (e instanceof FileAlreadyExistsException inTheWay) {
            return inTheWay.getFile() + " is in the way: it is not a folder";
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied" + (denied.getFile() == null ? "" : " (" + denied.getFile() + ")");
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            boolean samePath = fs.getFile() == null || fs.getFile().equals(named.toString())
                    || fs.getFile().equals(named.toAbsolutePath().toString());
            return fs.getReason() + (samePath ? "" : " (" + fs.getFile() + ")");
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static LoadctlException cannotWrite(Path path, String why) {
        return new LoadctlException(ExitCode.ENVIRONMENT, "cannot write " + path + ": " + why);
    }

    private static LoadctlException cannotWrite(Path path, String why, IOException cause) {
        return new LoadctlException(ExitCode.ENVIRONMENT, "cannot write " + path + ": " + why
                + " (choose a writable path)", cause);
    }
}
