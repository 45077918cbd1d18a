#if canImport(Glibc)
import Glibc
#endif

/// The kernel's page cache between runs: dirty data written out so one run's writeback
/// does not land in the next run's time, and (where allowed) clean pages dropped so reads
/// come from the disk for every configuration alike.
struct PageCache: Sendable {
    /// Whether reads start cold; when false, `reason` says why they start warm.
    let dropsCaches: Bool
    let reason: String?

    /// Tries once, so the report can say how reads were measured.
    static func probe(wanted: Bool) -> PageCache {
        guard wanted else { return PageCache(dropsCaches: false, reason: "not asked to drop caches") }
        sync()
        let fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return PageCache(dropsCaches: false, reason: "cannot open /proc/sys/vm/drop_caches: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard write(fd, "3", 1) == 1 else {
            return PageCache(dropsCaches: false, reason: "cannot write /proc/sys/vm/drop_caches: \(String(cString: strerror(errno)))")
        }
        return PageCache(dropsCaches: true, reason: nil)
    }

    /// Writes every dirty page out (sync(2): the whole machine, which is one disk here).
    func flush() { sync() }

    /// Flushes, then drops clean pages, dentries and inodes when allowed.
    func makeCold() {
        sync()
        guard dropsCaches else { return }
        let fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = write(fd, "3", 1)
        close(fd)
    }
}
