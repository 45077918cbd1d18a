import Testing
@testable import SnapWriterBench

struct InterleaveOrderTests {
    @Test func everyTargetRunsInEveryPlaceOnceEveryFewRounds() {
        let rounds = (0..<3).map { BenchSession.order(ofRound: $0, count: 3) }
        #expect(rounds == [[0, 1, 2], [1, 2, 0], [2, 0, 1]])
        for place in 0..<3 {
            #expect(Set(rounds.map { $0[place] }) == [0, 1, 2], "place \(place) is taken by each target once")
        }
        #expect(BenchSession.order(ofRound: 3, count: 3) == [0, 1, 2], "the fourth round starts over")
        #expect(BenchSession.order(ofRound: 5, count: 2) == [1, 0])
    }
}
