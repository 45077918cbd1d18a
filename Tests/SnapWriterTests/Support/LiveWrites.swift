import Foundation
import Testing
@testable import SnapWriter

/// Changes a store's live files as the FUSE layer drives it: register a new file, announce
/// each change before making it.
extension CopyOnWriteStore {
    func writeLive(_ path: String, _ bytes: [UInt8], at offset: Int) throws {
        let full = liveRoot + "/" + path
        if !FileManager.default.fileExists(atPath: full) {
            #expect(FileManager.default.createFile(atPath: full, contents: nil))
            try register(livePath: path)
        }
        try willModify(inode: try inodeNumber(of: full), offset: offset, length: bytes.count)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: full))
        try handle.seek(toOffset: UInt64(offset))
        handle.write(Data(bytes))
        try handle.close()
    }
}

/// The inode number of the file at `path`.
func inodeNumber(of path: String) throws -> UInt64 {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.systemFileNumber] as! NSNumber).uint64Value
}
