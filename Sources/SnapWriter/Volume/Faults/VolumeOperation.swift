/// A file-system operation a volume fault can target: the FUSE requests that reach the
/// server, and what a memory volume does for the same system calls.
public enum VolumeOperation: String, CaseIterable, Sendable {
    case read, write, fsync, create, open, truncate, unlink, rename, mkdir, rmdir, readdir
}
