import CFuse
#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor with the few calls the store needs, each failing with the errno text.
struct PosixFile: ~Copyable {
    let descriptor: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(VolumeError) {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw VolumeError.posix("open \(path)") }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    func read(count: Int, at offset: Int) throws(VolumeError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        // withUnsafe…Bytes rethrows untyped errors, so the typed one travels as a Result.
        let done = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(VolumeError) in
                try RawIO.read(descriptor, into: raw.baseAddress!, count: count, at: offset, path: path)
            }
        }
        return Array(buffer.prefix(try done.get()))
    }

    func write(_ bytes: [UInt8], at offset: Int) throws(VolumeError) {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(VolumeError) in try RawIO.write(descriptor, raw, at: offset, path: path) }
        }.get()
    }

    func size() throws(VolumeError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw VolumeError.posix("stat \(path)") }
        return Int(status.st_size)
    }

    func sync() throws(VolumeError) {
        guard fsync(descriptor) == 0 else { throw VolumeError.posix("fsync \(path)") }
    }
}

extension VolumeError {
    /// The current errno, as `strerror` words, for the operation named.
    static func posix(_ operation: String, volume: String = "") -> VolumeError {
        VolumeError(volume: volume, message: "\(operation): \(String(cString: strerror(errno)))")
    }
}

/// pread and pwrite into and out of caller memory, retried on EINTR and short transfers.
public enum RawIO {
    public static func open(_ path: String, _ flags: Int32) throws(VolumeError) -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw VolumeError.posix("open \(path)") }
        return fd
    }

    /// Reads up to `count` bytes; fewer only at the end of the file.
    /// `path` names the file in an error only, so it is built only then.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int,
                     path: @autoclosure () -> String) throws(VolumeError) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw VolumeError.posix("read \(path())")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int,
                             path: @autoclosure () -> String) throws(VolumeError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw VolumeError.posix("write \(path())")
            }
            done += n
        }
    }
}

extension RawIO {
    /// Copies up to `count` bytes from one file to another inside the kernel (no trip
    /// through user memory); fewer only at the end of the source. Where the kernel cannot
    /// (not between these files, or not at all), reads and writes through `buffer`, which
    /// must hold `count` bytes.
    static func copy(from source: Int32, at sourceOffset: Int, to target: Int32, at targetOffset: Int, count: Int,
                     buffer: UnsafeMutableRawPointer, path: @autoclosure () -> String) throws(VolumeError) -> Int {
        var done = 0
        while done < count {
            var input = Int64(sourceOffset + done)
            var output = Int64(targetOffset + done)
            let n = CFuse_copyFileRange(source, &input, target, &output, UInt(count - done))
            if n > 0 {
                done += n
                continue
            }
            if n == 0 { return done }
            if errno == EINTR { continue }
            if errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL { break }
            throw VolumeError.posix("copy \(path())")
        }
        if done == count { return done }
        let read = try RawIO.read(source, into: buffer, count: count - done, at: sourceOffset + done, path: path())
        try RawIO.write(target, UnsafeRawBufferPointer(start: buffer, count: read), at: targetOffset + done, path: path())
        return done + read
    }
}
