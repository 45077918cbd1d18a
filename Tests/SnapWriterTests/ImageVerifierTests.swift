import Testing
@testable import SnapWriter

/// ImageVerifier on images of a D: volume: the verdicts, torn pages told from damaged ones,
/// and write-ahead logging checked within the image.
@Suite struct ImageVerifierTests {
    /// The primary's D: as a snapshot holds it now.
    static func image(_ rig: FilesRig, _ id: String) throws -> [String: [UInt8]] {
        let volume = try #require(rig.volumes["SQL1"]?.inner)
        let files = try volume.createSnapshot(id: id).files()
        volume.deleteSnapshot(id: id)
        return files
    }

    /// A checkpoint that reaches the primary's disk.
    static func checkpoint(_ rig: FilesRig) {
        _ = rig.log.checkpoint()
        rig.engine.syncDataFiles()
    }

    static func replacing(page number: Int, with page: DataPage, in files: [String: [UInt8]]) -> [String: [UInt8]] {
        var files = files
        files["Data/Sales.mdf"]!.replaceSubrange(number * DataPage.size..<(number + 1) * DataPage.size, with: page.bytes)
        return files
    }

    @Test func aQuiescedCleanImageIsApplicationConsistentAndOtherwiseCrashConsistent() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(10))
        Self.checkpoint(rig)
        let files = try Self.image(rig, "a")
        let frozen = ImageVerifier().verify(files, quiesced: ["Sales"])
        #expect(frozen.consistency == .applicationConsistent)
        #expect(frozen.problems.isEmpty)
        let check = try #require(frozen.databases.first)
        #expect(check.database == "Sales" && check.dataFile == "Data/Sales.mdf" && check.logFile == "Data/Sales_log.ldf")
        #expect(check.pagesChecked == DataFileLayout.pagesInUse && check.quiesced)
        #expect(try #require(check.newestPage) > rig.log.creationLsn)
        #expect(try #require(check.newestPage) <= (try #require(check.endOfLog)))
        #expect(ImageVerifier().verify(files, quiesced: []).consistency == .crashConsistent)
        #expect(ImageVerifier().verify(files, quiesced: ["Inventory"]).consistency == .crashConsistent,
                "a writer that froze another database did not quiesce this one")
    }

    @Test func aVolumeWithoutDatabasesIsOnlyEverCrashConsistent() {
        let verification = ImageVerifier().verify(["Windows/notes.txt": [1, 2, 3]], quiesced: ["Sales"])
        #expect(verification.consistency == .crashConsistent)
        #expect(verification.databases.isEmpty)
    }

    /// Every hot page whose second half changed between two checkpoints, torn between the
    /// two writes, is found torn: the header's change missing from the rows, or a logged
    /// change to a second-half row that the row does not carry.
    @Test func aTornPageMakesTheImageTorn() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(5))
        Self.checkpoint(rig)
        let older = (0..<DataFileLayout.pagesInUse).map { rig.files("SQL1").pageOnDisk($0)! }
        rig.engine.advance(by: .seconds(3))
        Self.checkpoint(rig)
        let files = try Self.image(rig, "after")
        var tornCount = 0
        var evidence: [String] = []
        for number in DataFileLayout.hotPages {
            let newer = try #require(rig.files("SQL1").pageOnDisk(number))
            let torn = DataPage.torn(newer: newer, older: older[number])
            guard torn != newer else { continue }
            tornCount += 1
            let verification = ImageVerifier().verify(Self.replacing(page: number, with: torn, in: files),
                                                      quiesced: ["Sales"])
            #expect(verification.consistency == .torn, "page \(number)")
            #expect(verification.problems.map(\.kind) == [.torn], "page \(number): \(verification.problems)")
            #expect(verification.problems.first?.page == PageID(page: UInt32(number)))
            #expect(verification.problems.first?.file == "D:\\Data\\Sales.mdf")
            evidence += verification.problems.map(\.detail)
        }
        #expect(tornCount > 4, "the workload changed the second half of several hot pages")
        #expect(evidence.contains { $0.contains("but no row does") }, "found from the page alone")
        #expect(evidence.contains { $0.contains("misses its logged change") }, "found with the image's log")
    }

    @Test func aTornPageIsFoundFromThePageAloneWhenItsNewestChangeIsInTheSecondHalf() throws {
        let rig = FilesRig()
        let older = try #require(rig.files("SQL1").pageOnDisk(50))
        var newer = older
        PageImages.apply(PageChange(page: 50, row: 30), at: LSN(vlf: 99, block: 16, slot: 2), to: &newer)
        newer.seal()
        let files = Self.replacing(page: 50, with: DataPage.torn(newer: newer, older: older), in: try Self.image(rig, "x"))
        let verification = ImageVerifier().verify(files, quiesced: [])
        #expect(verification.problems.map(\.kind).contains(.torn))
        #expect(verification.consistency == .torn)
    }

    @Test func aDamagedPageIsListedAndLeavesTheVerdictAlone() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(5))
        Self.checkpoint(rig)
        for page in [20, 42, 55] { _ = try rig.engine.corruptPage(page, of: "Sales", on: "SQL1").get() }
        let files = try Self.image(rig, "damaged")
        let verification = ImageVerifier().verify(files, quiesced: ["Sales"])
        #expect(verification.consistency == .applicationConsistent)
        #expect(verification.problems.map(\.kind) == [.damaged, .damaged, .damaged])
        #expect(verification.problems.map(\.page) == [20, 42, 55].map { PageID(page: $0) })
        #expect(verification.damagedPages == 3)
        #expect(verification.problems[1].detail.hasPrefix("incorrect checksum: stored checksum 0x"))
        #expect(ImageVerifier().verify(files, quiesced: []).consistency == .crashConsistent)
    }

    /// The data file of a later moment beside the log file of an earlier one: pages the
    /// second checkpoint wrote carry LSNs that log does not reach.
    @Test func aPageNewerThanTheLogInTheImageFailsWriteAheadLogging() throws {
        let rig = FilesRig()
        rig.engine.advance(by: .seconds(5))
        Self.checkpoint(rig)
        let earlier = try Self.image(rig, "earlier")
        rig.engine.advance(by: .seconds(5))
        Self.checkpoint(rig)
        var files = try Self.image(rig, "later")
        #expect(ImageVerifier().verify(files, quiesced: ["Sales"]).consistency == .applicationConsistent)
        files["Data/Sales_log.ldf"] = earlier["Data/Sales_log.ldf"]
        let verification = ImageVerifier().verify(files, quiesced: ["Sales"])
        #expect(verification.consistency == .torn)
        let kinds = Set(verification.problems.map(\.kind))
        #expect(kinds == [.newerThanLog])
        #expect(verification.problems.allSatisfy { DataFileLayout.hotPages.contains(Int($0.page!.page)) })
        let check = try #require(verification.databases.first)
        #expect(try #require(check.newestPage) > (try #require(check.endOfLog)))
    }

    @Test func aDataFileWithoutItsLogIsNotConsistent() throws {
        let rig = FilesRig()
        var files = try Self.image(rig, "nolog")
        files["Data/Sales_log.ldf"] = nil
        let verification = ImageVerifier().verify(files, quiesced: ["Sales"])
        #expect(verification.consistency == .torn)
        #expect(verification.problems.map(\.kind) == [.missingLog])
        #expect(verification.databases.first?.logFile == nil)
    }
}
