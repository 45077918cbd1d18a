import Foundation

/// The container a backup image is stored in: a POSIX ustar archive (the format `tar`
/// reads) of the volume's files at the snapshot point, one member per file, in path order.
/// Each member is a 512-byte header (path, mode 0444, size and modification time in octal,
/// the header's checksum, type `0`, magic `ustar` version `00`) followed by the file's bytes
/// padded with zeros to a multiple of 512; two zero blocks end the archive. `tar -xf` on an
/// image gives back the volume's files (`Data/Sales.mdf`, `Data/Sales_log.ldf`).
enum ImageArchive {
    static let blockSize = 512

    /// The archive of `files`, every member stamped with `modified` (seconds since 1970).
    static func encode(_ files: [String: [UInt8]], modified: Int) throws(RepositoryError) -> [UInt8] {
        var archive: [UInt8] = []
        archive.reserveCapacity(files.values.reduce(0) { $0 + padded($1.count) + blockSize } + 2 * blockSize)
        for path in files.keys.sorted() {
            let bytes = files[path]!
            archive += try header(path: path, size: bytes.count, modified: modified)
            archive += bytes
            archive += [UInt8](repeating: 0, count: padded(bytes.count) - bytes.count)
        }
        archive += [UInt8](repeating: 0, count: 2 * blockSize)
        return archive
    }

    /// The files of an archive `encode` wrote (or any ustar archive of regular files).
    static func decode(_ archive: [UInt8]) throws(RepositoryError) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var offset = 0
        while offset + blockSize <= archive.count {
            let header = Array(archive[offset..<(offset + blockSize)])
            if header.allSatisfy({ $0 == 0 }) { return files }
            guard checksum(of: header) == octal(header, 148, 8) else {
                throw RepositoryError("the archive's header at byte \(offset) fails its checksum")
            }
            guard let size = octal(header, 124, 12), offset + blockSize + size <= archive.count else {
                throw RepositoryError("the archive's member at byte \(offset) runs past its end")
            }
            let name = text(header, 0, 100)
            let prefix = text(header, 345, 155)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            if header[156] == UInt8(ascii: "0") || header[156] == 0 {
                files[path] = Array(archive[(offset + blockSize)..<(offset + blockSize + size)])
            }
            offset += blockSize + padded(size)
        }
        throw RepositoryError("the archive ends without its two zero blocks")
    }

    private static func padded(_ count: Int) -> Int { (count + blockSize - 1) / blockSize * blockSize }

    private static func header(path: String, size: Int, modified: Int) throws(RepositoryError) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: blockSize)
        let (prefix, name) = try split(path)
        put(Array(name.utf8), at: 0, in: &header)
        put(octalDigits(0o444, 7), at: 100, in: &header)
        put(octalDigits(0, 7), at: 108, in: &header)
        put(octalDigits(0, 7), at: 116, in: &header)
        put(octalDigits(size, 11), at: 124, in: &header)
        put(octalDigits(modified, 11), at: 136, in: &header)
        header[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257, in: &header)
        put(Array(prefix.utf8), at: 345, in: &header)
        put(octalDigits(checksum(of: header), 6) + [0, UInt8(ascii: " ")], at: 148, in: &header)
        return header
    }

    /// ustar keeps up to 100 bytes of name and 155 of prefix, split at a slash.
    private static func split(_ path: String) throws(RepositoryError) -> (prefix: String, name: String) {
        if path.utf8.count <= 100 { return ("", path) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for cut in (1..<parts.count).reversed() {
            let prefix = parts[..<cut].joined(separator: "/")
            let name = parts[cut...].joined(separator: "/")
            if prefix.utf8.count <= 155, name.utf8.count <= 100 { return (prefix, name) }
        }
        throw RepositoryError("the path \(path) is too long for a ustar archive")
    }

    /// The sum of the header's bytes with the checksum field counted as eight spaces.
    private static func checksum(of header: [UInt8]) -> Int {
        header.enumerated().reduce(0) { sum, byte in sum + ((148..<156).contains(byte.offset) ? 32 : Int(byte.element)) }
    }

    private static func octalDigits(_ value: Int, _ width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, width - digits.count)) + digits).utf8)
    }

    private static func octal(_ header: [UInt8], _ offset: Int, _ length: Int) -> Int? {
        let field = text(header, offset, length).trimmingCharacters(in: .whitespaces)
        return field.isEmpty ? 0 : Int(field, radix: 8)
    }

    private static func text(_ header: [UInt8], _ offset: Int, _ length: Int) -> String {
        let field = header[offset..<(offset + length)].prefix { $0 != 0 }
        return String(decoding: field, as: UTF8.self)
    }

    private static func put(_ bytes: [UInt8], at offset: Int, in header: inout [UInt8]) {
        header.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }
}
