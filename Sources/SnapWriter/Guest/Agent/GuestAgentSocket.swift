import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The host's end of a guest's agent channel, as QEMU's chardev socket server gives it
/// (`-chardev socket,path=…,server=on,wait=off`): a Unix socket that serves one client at a
/// time (backlog 1; a second client waits in the backlog until the first disconnects),
/// sends no greeting, reads in chunks of 4096 bytes and writes back whatever `deliver`
/// answers. It runs on a thread of its own, never a Swift concurrency thread, because
/// `deliver` blocks for as long as a freeze takes.
///
/// A client that disconnects mid-message leaves its partial text with `deliver`'s owner
/// (the agent keeps parser state across connections, as qemu-ga does).
public final class GuestAgentSocket: @unchecked Sendable {
    // Safety: the descriptors are set in init and closed only by `close()` after the
    // serving thread has finished; `state` is read and written under `lock`.
    private let path: String
    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let deliver: ([UInt8]) -> [UInt8]
    private let lock = ConditionLock()
    private var finished = false
    private var closed = false

    public init(path: String, deliver: @escaping ([UInt8]) -> [UInt8]) throws(GuestAgentSocketError) {
        let address = try UnixSocketPath(path)
        try Self.removeStale(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw GuestAgentSocketError("socket: \(String(cString: strerror(errno)))") }
        let bound = address.withAddress { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 1) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw GuestAgentSocketError("cannot listen on \(path): \(reason)")
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            Glibc.close(fd)
            unlink(path)
            throw GuestAgentSocketError("pipe: \(String(cString: strerror(errno)))")
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        self.path = path
        listener = fd
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        self.deliver = deliver
        let thread = Thread { [self] in
            serve()
            lock.withLock {
                finished = true
                lock.broadcast()
            }
        }
        // The agent's parser recurses once per nesting level, up to QEMU's 1024.
        thread.stackSize = 16 << 20
        thread.name = "guest-agent-socket"
        thread.start()
    }

    /// Stops serving, disconnects a connected client and removes the socket file. Returns
    /// once the serving thread has ended (after the command in progress, if any).
    public func close() {
        let first = lock.withLock {
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        lock.withLock { lock.wait { finished } }
        Glibc.close(listener)
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
        unlink(path)
    }

    /// A socket file left by a process that is gone is replaced; a live one, or any other
    /// kind of file, is not.
    private static func removeStale(_ path: String) throws(GuestAgentSocketError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw GuestAgentSocketError("\(path) exists and is not a socket")
        }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { Glibc.close(probe) }
        if let address = try? UnixSocketPath(path), address.withAddress({ connect(probe, $0, $1) }) == 0 {
            throw GuestAgentSocketError("\(path) is in use: another process serves it")
        }
        unlink(path)
    }

    private func serve() {
        while waitFor(listener, events: Int16(POLLIN)) {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EAGAIN { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            converse(with: client)
            Glibc.close(client)
        }
    }

    /// Serves one client until it disconnects or the socket closes.
    private func converse(with client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while waitFor(client, events: Int16(POLLIN)) {
            let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, 4096) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            let reply = deliver(Array(buffer[0..<count]))
            guard send(reply, to: client) else { return }
        }
    }

    private func send(_ bytes: [UInt8], to client: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            guard waitFor(client, events: Int16(POLLOUT)) else { return false }
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            sent += count
        }
        return true
    }

    /// Waits until `fd` is ready for `events` (true) or the socket is closing (false).
    private func waitFor(_ fd: Int32, events: Int16) -> Bool {
        var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            if fds[1].revents != 0 { return false }
            return fds[0].revents != 0
        }
    }
}
