import Testing
@testable import SnapWriter

/// Which operations a volume fault hits, how often, and what a memory volume makes of a hit.
@Suite struct VolumeFaultInjectorTests {
    static let eio = OperatingSystemError.named("EIO")!
    static let enospc = OperatingSystemError.named("ENOSPC")!

    // MARK: Paths

    @Test func aFileRuleHitsThatFileOnly() {
        let rule = VolumeFaultRule(operation: .write, path: "Data/Sales_log.ldf", error: Self.eio)
        #expect(rule.matches(.write, path: "Data/Sales_log.ldf"))
        #expect(rule.matches(.write, path: "/Data/Sales_log.ldf"))
        #expect(!rule.matches(.write, path: "Data/Sales.mdf"))
        #expect(!rule.matches(.write, path: "Data/Sales_log.ldf.bak"), "a longer name is another file")
        #expect(!rule.matches(.read, path: "Data/Sales_log.ldf"), "another operation on the file")
    }

    @Test func aDirectoryRuleHitsEverythingUnderIt() {
        let rule = VolumeFaultRule(operation: .write, path: "Data", error: Self.eio)
        #expect(rule.matches(.write, path: "Data"))
        #expect(rule.matches(.write, path: "Data/Sales.mdf"))
        #expect(rule.matches(.write, path: "Data/Archive/2026/Sales.mdf"))
        #expect(!rule.matches(.write, path: "DataOld/Sales.mdf"), "a prefix of a name is not a directory")
        #expect(!rule.matches(.write, path: "Backup/Sales.bak"))
    }

    @Test(arguments: [#"D:\Data\"#, #"D:\Data"#, "D:/Data/", "/Data/", "Data/", "Data"])
    func theWindowsFormOfADirectoryIsTheSameRule(spelling: String) {
        let rule = VolumeFaultRule(operation: .write, path: spelling, error: Self.eio)
        #expect(rule.path == "Data")
        #expect(rule.matches(.write, path: "Data/Sales_log.ldf"))
        #expect(rule.matches(.write, path: #"D:\Data\Sales_log.ldf"#))
        #expect(!rule.matches(.write, path: "Backup/Sales.bak"))
    }

    @Test func aRuleWithoutPathHitsEveryFile() {
        let rule = VolumeFaultRule(operation: .fsync, latency: .milliseconds(5))
        #expect(rule.matches(.fsync, path: "Data/Sales.mdf"))
        #expect(rule.matches(.fsync, path: "anything/at/all"))
        #expect(!rule.matches(.write, path: "Data/Sales.mdf"))
    }

    @Test func theInjectorDecidesByPath() {
        let injector = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, path: #"D:\Data\"#, error: Self.eio)])
        #expect(injector.decide(.write, path: "Data/Sales.mdf")?.error == Self.eio)
        #expect(injector.decide(.write, path: "Backup/Sales.bak") == nil)
        #expect(injector.decide(.read, path: "Data/Sales.mdf") == nil)
    }

    // MARK: Counting

    @Test func timesLimitsTheHits() {
        let injector = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, error: Self.eio, times: 3)])
        let hits = (0..<10).map { _ in injector.decide(.write, path: "Data/Sales.mdf") }
        #expect(hits.map { $0 != nil } == [true, true, true] + Array(repeating: false, count: 7))
        #expect(injector.firedCounts == [3])
    }

    @Test func operationsThatDoNotMatchDoNotUseUpTimes() {
        let injector = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, path: "Data/Sales_log.ldf",
                                                                   error: Self.eio, times: 1)])
        for _ in 0..<5 { #expect(injector.decide(.write, path: "Data/Sales.mdf") == nil) }
        #expect(injector.decide(.read, path: "Data/Sales_log.ldf") == nil)
        #expect(injector.decide(.write, path: "Data/Sales_log.ldf") != nil)
        #expect(injector.decide(.write, path: "Data/Sales_log.ldf") == nil)
    }

    @Test func replacingTheRulesStartsTheCountsAgain() {
        let rule = VolumeFaultRule(operation: .write, error: Self.eio, times: 1)
        let injector = VolumeFaultInjector(rules: [rule])
        #expect(injector.decide(.write, path: "a") != nil)
        #expect(injector.decide(.write, path: "a") == nil)
        injector.replace([rule])
        #expect(injector.firedCounts == [0])
        #expect(injector.decide(.write, path: "a") != nil)
    }

    @Test func theFirstErrorWinsAndLatenciesAddUp() {
        let injector = VolumeFaultInjector(rules: [
            VolumeFaultRule(operation: .write, latency: .milliseconds(7)),
            VolumeFaultRule(operation: .write, path: "Data", error: Self.enospc, latency: .milliseconds(3)),
            VolumeFaultRule(operation: .write, error: Self.eio),
        ])
        let hit = injector.decide(.write, path: "Data/Sales.mdf")
        #expect(hit?.error == Self.enospc)
        #expect(hit?.latency == .milliseconds(10))
        #expect(hit?.path == "Data/Sales.mdf")
        #expect(injector.firedCounts == [1, 1, 1])
    }

    // MARK: Probability

    /// Which of `count` decisions a rule with `probability` hits, from `seed`.
    static func pattern(seed: UInt64, probability: Double, count: Int = 200) -> [Bool] {
        let injector = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, error: eio, probability: probability)],
                                           random: SeededRandom(seed: seed))
        return (0..<count).map { _ in injector.decide(.write, path: "Data/Sales.mdf") != nil }
    }

    @Test func theSameSeedHitsTheSameOperations() {
        let first = Self.pattern(seed: 42, probability: 0.3)
        let second = Self.pattern(seed: 42, probability: 0.3)
        #expect(first == second)
        let hits = first.filter { $0 }.count
        #expect((30...90).contains(hits), "about 30 % of 200: \(hits)")
    }

    @Test func anotherSeedHitsOtherOperations() {
        let first = Self.pattern(seed: 42, probability: 0.3)
        let other = Self.pattern(seed: 43, probability: 0.3)
        #expect(first != other)
        #expect(other.contains(true))
    }

    @Test func probabilityOneAlwaysHitsAndDrawsNothing() {
        #expect(Self.pattern(seed: 1, probability: 1).allSatisfy { $0 })
        #expect(Self.pattern(seed: 2, probability: 1) == Self.pattern(seed: 3, probability: 1))
    }

    @Test func everyMatchingRuleDrawsInOrder() {
        // A second rule that draws changes the first rule's later draws: the stream is shared.
        let one = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, error: Self.eio, probability: 0.5)],
                                      random: SeededRandom(seed: 9))
        let two = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, error: Self.eio, probability: 0.5),
                                              VolumeFaultRule(operation: .write, latency: .milliseconds(1), probability: 0.5)],
                                      random: SeededRandom(seed: 9))
        let alone = (0..<100).map { _ in one.decide(.write, path: "a")?.error != nil }
        let shared = (0..<100).map { _ in two.decide(.write, path: "a")?.error != nil }
        #expect(alone.first == shared.first, "the first draw is the same")
        #expect(alone != shared)
    }

    // MARK: Arming

    @Test func anUnarmedInjectorNeverFires() {
        let injector = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, error: Self.eio)], armed: false)
        #expect(!injector.isActive)
        for _ in 0..<20 { #expect(injector.decide(.write, path: "Data/Sales.mdf") == nil) }
        #expect(injector.firedCounts == [0])
        #expect(injector.takeHits().isEmpty)
        injector.arm()
        #expect(injector.isActive)
        #expect(injector.decide(.write, path: "Data/Sales.mdf")?.error == Self.eio)
    }

    @Test func anInjectorWithoutRulesIsNotActive() {
        let injector = VolumeFaultInjector()
        #expect(!injector.isActive)
        #expect(injector.decide(.write, path: "a") == nil)
        injector.replace([VolumeFaultRule(operation: .write, error: Self.eio)])
        #expect(injector.isActive)
    }

    // MARK: Latency and hits

    @Test func latencyIsAccountedPerOperation() {
        let injector = VolumeFaultInjector(rules: [
            VolumeFaultRule(operation: .fsync, latency: .milliseconds(1500)),
            VolumeFaultRule(operation: .write, latency: .milliseconds(20), times: 2),
        ], sleepsForReal: false)
        for _ in 0..<4 {
            _ = injector.decide(.fsync, path: "Data/Sales.mdf")
            _ = injector.decide(.write, path: "Data/Sales.mdf")
        }
        #expect(injector.latencySpent(on: .fsync) == .milliseconds(6000))
        #expect(injector.latencySpent(on: .write) == .milliseconds(40))
        #expect(injector.latencySpent(on: .read) == .zero)
    }

    @Test func hitsAreTakenOnceInOrder() {
        let injector = VolumeFaultInjector(rules: [VolumeFaultRule(operation: .write, error: Self.eio, times: 2),
                                                   VolumeFaultRule(operation: .read, latency: .milliseconds(4))])
        _ = injector.decide(.write, path: #"D:\Data\Sales.mdf"#)
        _ = injector.decide(.read, path: "Data/Sales.mdf")
        let hits = injector.takeHits()
        #expect(hits == [
            VolumeFaultHit(operation: .write, path: "Data/Sales.mdf", error: Self.eio, latency: .zero),
            VolumeFaultHit(operation: .read, path: "Data/Sales.mdf", error: nil, latency: .milliseconds(4)),
        ])
        #expect(injector.takeHits().isEmpty)
    }

    // MARK: Memory volumes

    @Test func aFailedWriteIsRecordedAndNotApplied() {
        let faults = VolumeFaultInjector(rules: [], sleepsForReal: false)
        let volume = MemoryVolume(name: "D:", faults: faults)
        volume.write("Data/Sales.mdf", offset: 0, bytes: [1, 2, 3, 4])
        faults.replace([VolumeFaultRule(operation: .write, path: "Data/Sales.mdf", error: Self.eio, times: 1)])
        volume.write("Data/Sales.mdf", offset: 2, bytes: [9, 9])
        #expect(volume.read("Data/Sales.mdf") == [1, 2, 3, 4], "the failed write changed nothing")
        #expect(volume.takeIOFailures() == [VolumeIOFailure(path: "Data/Sales.mdf", direction: .write, offset: 2, error: Self.eio)])
        #expect(volume.takeIOFailures().isEmpty, "failures are taken once")
        volume.write("Data/Sales.mdf", offset: 2, bytes: [9, 9])
        #expect(volume.read("Data/Sales.mdf") == [1, 2, 9, 9])
        #expect(volume.takeIOFailures().isEmpty)
    }

    @Test func aFailedCreateLeavesNoFile() {
        let volume = MemoryVolume(name: "D:", faults: VolumeFaultInjector(rules: [
            VolumeFaultRule(operation: .create, path: "Data", error: Self.enospc),
        ], sleepsForReal: false))
        volume.write("Data/New.mdf", offset: 0, bytes: [1])
        #expect(volume.read("Data/New.mdf") == nil)
        #expect(volume.takeIOFailures().map(\.error) == [Self.enospc])
    }

    @Test func aHeldWriteFailsWhenItIsApplied() {
        let faults = VolumeFaultInjector(rules: [], sleepsForReal: false)
        let volume = MemoryVolume(name: "D:", faults: faults)
        volume.write("Data/Sales_log.ldf", offset: 0, bytes: [0, 0])
        faults.replace([VolumeFaultRule(operation: .write, path: "Data/Sales_log.ldf", error: Self.eio)])
        volume.holdWrites()
        volume.write("Data/Sales_log.ldf", offset: 0, bytes: [7, 7])
        #expect(volume.takeIOFailures().isEmpty, "parked, not yet written")
        volume.releaseWrites()
        #expect(volume.read("Data/Sales_log.ldf") == [0, 0])
        #expect(volume.takeIOFailures().map(\.direction) == [.write])
    }

    @Test func aFailedReadReturnsNothingAndIsRecorded() {
        let faults = VolumeFaultInjector(rules: [], sleepsForReal: false)
        let volume = MemoryVolume(name: "D:", faults: faults)
        let size = 3 * VolumeIOPieces.size + 10
        volume.write("Data/Sales.mdf", offset: 0, bytes: [UInt8](repeating: 5, count: size))
        faults.replace([VolumeFaultRule(operation: .read, path: "Data/Sales.mdf", error: Self.eio, times: 1)])
        #expect(volume.read("Data/Sales.mdf") == nil)
        #expect(volume.takeIOFailures() == [VolumeIOFailure(path: "Data/Sales.mdf", direction: .read, offset: 0,
                                                            error: Self.eio)])
        #expect(volume.read("Data/Sales.mdf")?.count == size, "the fault is used up; the file is whole")
        #expect(volume.takeIOFailures().isEmpty)
    }

    @Test func aReadIsIssuedIn128KiBPieces() {
        let faults = VolumeFaultInjector(rules: [], sleepsForReal: false)
        let volume = MemoryVolume(name: "D:", faults: faults)
        let size = 3 * VolumeIOPieces.size + 10
        volume.write("Data/Sales.mdf", offset: 0, bytes: [UInt8](repeating: 5, count: size))
        #expect(VolumeIOPieces.size == 128 * 1024)
        faults.replace([VolumeFaultRule(operation: .read, path: "Data/Sales.mdf", latency: .milliseconds(1)),
                        VolumeFaultRule(operation: .open, path: "Data/Sales.mdf", latency: .milliseconds(1))])
        #expect(volume.read("Data/Sales.mdf")?.count == size)
        #expect(faults.firedCounts == [4, 1], "one open, then one read per piece")
        #expect(faults.latencySpent(on: .read) == .milliseconds(4))
    }

    @Test func anOpenFaultFailsTheReadBeforeAnyPiece() {
        let faults = VolumeFaultInjector(rules: [], sleepsForReal: false)
        let volume = MemoryVolume(name: "D:", faults: faults)
        volume.write("Data/Sales.mdf", offset: 0, bytes: [1, 2])
        faults.replace([VolumeFaultRule(operation: .open, path: "Data/Sales.mdf", error: Self.eio),
                        VolumeFaultRule(operation: .read, latency: .milliseconds(1))])
        #expect(volume.read("Data/Sales.mdf") == nil)
        #expect(faults.firedCounts == [1, 0])
        #expect(volume.takeIOFailures().map(\.direction) == [.read])
    }

    @Test func anFsyncFaultFailsTheFlushOfThatFileAndItsLatencyLengthensTheFlush() {
        let faults = VolumeFaultInjector(rules: [], sleepsForReal: false)
        let volume = MemoryVolume(name: "D:", faults: faults)
        volume.write("Data/Sales.mdf", offset: 0, bytes: [1])
        volume.write("Data/Sales_log.ldf", offset: 0, bytes: [1])
        let quiet = volume.flush()
        faults.replace([VolumeFaultRule(operation: .fsync, path: "Data/Sales_log.ldf", error: Self.eio),
                        VolumeFaultRule(operation: .fsync, latency: .milliseconds(2500))])
        let slow = volume.flush()
        #expect(slow - quiet == .milliseconds(5000), "two files, 2.5 s each")
        #expect(volume.takeIOFailures() == [VolumeIOFailure(path: "Data/Sales_log.ldf", direction: .write, offset: 0,
                                                            error: Self.eio)])
    }

    @Test func errnoNamesMapToWindowsErrors() {
        #expect(Self.eio.windowsDescription
            == "1117(The request could not be performed because of an I/O device error.)")
        #expect(Self.enospc.windowsCode == 112)
        #expect(OperatingSystemError.from(errno: Self.eio.value) == Self.eio)
        #expect(OperatingSystemError.known.map(\.name) == ["EIO", "ENOSPC", "EROFS", "ENXIO", "EACCES", "EPERM", "EDQUOT",
                                                          "ENOMEM", "ETIMEDOUT", "EFBIG", "EAGAIN"])
        let unknown = OperatingSystemError.from(errno: 9999)
        #expect(unknown.name == "errno 9999")
        #expect(unknown.windowsCode == 1117)
    }
}
