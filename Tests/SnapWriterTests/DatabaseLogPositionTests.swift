import SnapWriter
import Testing

/// The log's positions: bytes, LSNs and times name the same points.
@Suite struct DatabaseLogPositionTests {
    let clock = VirtualClock()

    func makeLog() -> DatabaseLog { DatabaseLog(random: SeededRandom(seed: 5), recoveryModel: .full, clock: clock) }

    @Test func eachTransactionIsOneToThreeSectorsAndOneLogBlock() {
        let log = makeLog()
        var previous = (bytes: log.bytesWritten, lsn: log.endOfLog)
        for _ in 0..<200 {
            log.appendTransactions(1)
            let written = log.bytesWritten - previous.bytes
            #expect([512, 1024, 1536].contains(written))
            #expect(log.endOfLog > previous.lsn)
            #expect(log.lastTransactionBegin == previous.lsn, "the transaction began where the log ended")
            #expect(log.lsn(atOffset: log.bytesWritten) == log.endOfLog)
            #expect(log.lsn(atOffset: previous.bytes) == previous.lsn)
            #expect(log.offset(of: log.endOfLog) == log.bytesWritten)
            previous = (log.bytesWritten, log.endOfLog)
        }
    }

    @Test func aPositionInsideABlockRoundsDownToTheBlock() {
        let log = makeLog()
        log.appendTransactions(1)
        let first = (bytes: log.bytesWritten, lsn: log.endOfLog)
        log.appendTransactions(1)
        #expect(log.lsn(atOffset: first.bytes + 1) == first.lsn)
        #expect(log.lsn(atOffset: log.bytesWritten - 1) == first.lsn)
    }

    @Test func aCheckpointTakesTwoSlotsAndNoBytes() {
        let log = makeLog()
        log.appendTransactions(3)
        let before = (bytes: log.bytesWritten, lsn: log.endOfLog)
        let checkpoint = log.checkpoint()
        #expect(checkpoint == before.lsn)
        #expect(log.lastCheckpoint == checkpoint)
        #expect(log.endOfLog == LSN(vlf: before.lsn.vlf, block: before.lsn.block, slot: before.lsn.slot + 2))
        #expect(log.bytesWritten == before.bytes)
        #expect(log.lsn(atOffset: log.bytesWritten) == log.endOfLog, "a caught-up copy has the checkpoint too")
        #expect(log.lastCheckpoint(atOrBefore: before.lsn) == checkpoint)
    }

    @Test func timesNameWhereTheLogStood() {
        let log = makeLog()
        clock.advance(by: .seconds(1))
        log.generate(transactionsPerSecond: 10, over: .seconds(1))
        let atOne = log.bytesWritten
        clock.advance(by: .seconds(1))
        log.generate(transactionsPerSecond: 10, over: .seconds(1))
        #expect(log.offset(atTime: .seconds(1)) == atOne)
        #expect(log.offset(atTime: .milliseconds(1500)) == atOne)
        #expect(log.offset(atTime: .seconds(2)) == log.bytesWritten)
        #expect(log.offset(atTime: .zero) == 0)
        #expect(log.lastCommitTime(atOffset: atOne) == .seconds(1))
        #expect(log.lastCommitTime(atOffset: 0) == nil)
        #expect(log.time(reaching: log.endOfLog) == .seconds(2))
    }

    @Test func theWorkloadKeepsItsFractions() {
        let log = makeLog()
        // Ten slices of a quarter transaction each: two whole transactions, half a one pending.
        for _ in 0..<10 { log.generate(transactionsPerSecond: 2.5, over: .milliseconds(100)) }
        #expect(log.bytesWritten >= 1024 && log.bytesWritten <= 3072)
    }
}
