import Testing
@testable import HostBackup

/// The image container: a ustar archive that gives back exactly the files put in.
@Suite struct ImageArchiveTests {
    @Test func filesComeBackByteForByteInPathOrder() throws {
        let long = String(repeating: "deep/", count: 30) + "file.bin"
        let files: [String: [UInt8]] = [
            "Data/Sales_log.ldf": (0..<9000).map { UInt8(truncatingIfNeeded: $0) },
            "Data/Sales.mdf": [UInt8](repeating: 7, count: 1024),
            "empty": [],
            long: [1, 2, 3],
        ]
        let archive = try ImageArchive.encode(files, modified: 1_767_600_000)
        #expect(archive.count % ImageArchive.blockSize == 0)
        #expect(Array(archive[257..<262]) == Array("ustar".utf8))
        #expect(try ImageArchive.decode(archive) == files)
        #expect(String(decoding: archive[0..<14], as: UTF8.self) == "Data/Sales.mdf", "the first member in path order")
    }

    @Test func aDamagedOrCutArchiveIsRefused() throws {
        let archive = try ImageArchive.encode(["Data/Sales.mdf": [1, 2, 3]], modified: 0)
        var damaged = archive
        damaged[3] ^= 0xFF
        #expect(throws: RepositoryError("the archive's header at byte 0 fails its checksum")) {
            try ImageArchive.decode(damaged)
        }
        #expect(throws: RepositoryError("the archive's member at byte 0 runs past its end")) {
            try ImageArchive.decode(Array(archive.prefix(512)))
        }
        #expect(throws: RepositoryError("the archive ends without its two zero blocks")) {
            try ImageArchive.decode(Array(archive.prefix(1024)))
        }
    }
}
