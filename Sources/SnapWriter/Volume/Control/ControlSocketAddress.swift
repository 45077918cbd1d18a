import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a mounted volume listens for commands: an abstract Unix socket named after the
/// volume directory's real path. Abstract names leave no file behind when the server is
/// killed and have no 108-byte path limit to trip over in deep run directories.
enum ControlSocketAddress {
    static func name(forVolume directory: String) -> String {
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in real.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return "snapwriter-volume-" + String(hash, radix: 16)
    }

    /// A sockaddr_un for the abstract name (leading NUL), and its length.
    static func address(forVolume directory: String) -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name(forVolume: directory).utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw[0] = 0
            for (index, byte) in bytes.enumerated() where index + 1 < raw.count { raw[index + 1] = byte }
        }
        let length = MemoryLayout<sa_family_t>.size + 1 + bytes.count
        return (address, socklen_t(length))
    }
}
