import Testing
@testable import SnapWriter

/// The reference's three examples (§1), each in all three spellings.
private let examples: [(hex: String, colonDecimal: String, numeric: String, lsn: LSN)] = [
    ("00000028:00000090:0001", "40:144:1", "40000000014400001", LSN(vlf: 40, block: 144, slot: 1)),
    ("0000009d:0000021e:0001", "157:542:1", "157000000054200001", LSN(vlf: 157, block: 542, slot: 1)),
    ("00014e11:00003821:0001", "85521:14369:1", "85521000001436900001", LSN(vlf: 85521, block: 14369, slot: 1)),
]

@Suite struct LSNTests {
    @Test(arguments: examples.indices)
    func readsEverySpellingOfTheReferenceExamples(index: Int) {
        let example = examples[index]
        #expect(LSN(parsing: example.hex) == example.lsn)
        #expect(LSN(parsing: "0x" + example.hex) == example.lsn)
        #expect(LSN(parsing: "0X" + example.hex.uppercased()) == example.lsn)
        #expect(LSN(parsing: example.colonDecimal) == example.lsn)
        #expect(LSN(parsing: example.numeric) == example.lsn)
    }

    @Test(arguments: examples.indices)
    func printsEverySpellingOfTheReferenceExamples(index: Int) {
        let example = examples[index]
        #expect(example.lsn.hex == example.hex)
        #expect(example.lsn.prefixedHex == "0x" + example.hex)
        #expect(example.lsn.colonDecimal == example.colonDecimal)
        #expect(example.lsn.numeric == example.numeric)
        #expect(example.lsn.description == example.numeric)
    }

    @Test(arguments: [
        LSN.zero, LSN(vlf: 0, block: 0, slot: 1), LSN(vlf: 0, block: 1, slot: 0),
        LSN(vlf: 1, block: 0, slot: 0), LSN(vlf: 40, block: 144, slot: 1),
        LSN(vlf: .max, block: .max, slot: .max), LSN(vlf: 7, block: 0, slot: .max),
    ])
    func roundTripsThroughEverySpelling(lsn: LSN) {
        #expect(LSN(parsing: lsn.hex) == lsn)
        #expect(LSN(parsing: lsn.prefixedHex) == lsn)
        #expect(LSN(parsing: lsn.colonDecimal) == lsn)
        #expect(LSN(parsing: lsn.numeric) == lsn)
    }

    @Test func numericFormOfSmallLSNsHasNoLeadingZeros() {
        #expect(LSN.zero.numeric == "0")
        #expect(LSN(vlf: 0, block: 0, slot: 1).numeric == "1")
        #expect(LSN(vlf: 0, block: 144, slot: 1).numeric == "14400001")
        #expect(LSN(parsing: "14400001") == LSN(vlf: 0, block: 144, slot: 1))
        #expect(LSN(parsing: "0") == .zero)
    }

    @Test func twentyFiveDigitNumericsBeyondSixtyFourBitsAreExact() {
        // UInt64.max has 20 digits; the largest LSN needs 25.
        let largest = LSN(vlf: .max, block: .max, slot: .max)
        #expect(largest.numeric == "4294967295429496729565535")
        #expect(LSN(parsing: "4294967295429496729565535") == largest)
        let beyond64Bits = "18446744073709551616" + "00001"  // 2^64 followed by a slot
        #expect(LSN(parsing: beyond64Bits) == LSN(vlf: 1844674407, block: 3709551616, slot: 1))
        #expect(LSN(parsing: beyond64Bits)?.numeric == beyond64Bits)
        #expect(LSN(parsing: "0000000000040000000014400001") == nil, "more than 25 digits")
        #expect(LSN(parsing: "0000000040000000014400001") == examples[0].lsn, "25 digits with leading zeros")
    }

    @Test func ordersByPartsNotByText() {
        let ordered = [
            LSN.zero,
            LSN(vlf: 0, block: 0, slot: .max),
            LSN(vlf: 0, block: 1, slot: 0),
            LSN(vlf: 9, block: .max, slot: .max),
            LSN(vlf: 10, block: 0, slot: 0),
            LSN(vlf: 40, block: 144, slot: 1),
            LSN(vlf: 40, block: 144, slot: 2),
            LSN(vlf: 40, block: 145, slot: 0),
            LSN(vlf: 157, block: 542, slot: 1),
            LSN(vlf: 85521, block: 14369, slot: 1),
        ]
        #expect(ordered.shuffled().sorted() == ordered)
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(lower < higher)
            #expect(!(higher < lower))
        }
        // As text, 9999… sorts after 10000…; as LSNs it must not.
        let nine = "9429496729565535", ten = "10000000000000000"
        #expect(nine > ten)
        #expect(LSN(parsing: nine)! < LSN(parsing: ten)!)
    }

    @Test(arguments: [
        "0x100000000:00000000:0000",  // V beyond 32 bits
        "0x00000000:100000000:0000",  // B beyond 32 bits
        "0x00000000:00000000:10000",  // S beyond 16 bits
        "4294967296:0:0",
        "0:4294967296:0",
        "0:0:65536",
        "4294967296000000000000000",  // V = 2^32
        "429496729600000",  // B = 2^32
        "65536",  // S = 2^16
        "99999",
    ])
    func rejectsOutOfRangeParts(text: String) {
        #expect(LSN(parsing: text) == nil)
    }

    @Test(arguments: [
        "", " ", "abc", "0x", "40:144", "40:144:1:2", "40::1", ":144:1", "40:144:",
        "+40:144:1", "40:+144:1", "40:144:-1", "-0:0:0", "0x+0000028:00000090:0001",
        "0000002g:00000090:0001", "0x0000002g:00000090:0001", "4e5", "1.5", "-1", "+1",
        "40000000014400001x", "0x40000000014400001", "40 144 1", "４０:144:1", "١٢٣",
    ])
    func rejectsGarbage(text: String) {
        #expect(LSN(parsing: text) == nil)
    }

    @Test func toleratesSurroundingBlanks() {
        #expect(LSN(parsing: " 40:144:1 ") == examples[0].lsn)
    }
}
