import Yams

/// Typed values out of scalars. Types come from how YAML resolves a plain scalar, so `"7"` is a
/// string, not an integer, and `7.5` is not an integer; names keep the text they were written with.
extension LocatedNode {
    /// Any non-null scalar, by its text: `version: 2016` and `name: yes` are names, not numbers or
    /// booleans.
    func text() throws(ScenarioError) -> String {
        guard case let .scalar(scalar) = node, !isNull else {
            throw error("expected a string, found \(found)")
        }
        guard !scalar.string.isEmpty else { throw error("expected a non-empty string, found ''") }
        return scalar.string
    }

    func bool() throws(ScenarioError) -> Bool {
        if case let .scalar(scalar) = node, resolvedTag == .bool, let value = Bool.construct(from: scalar) {
            return value
        }
        throw error("expected true or false, found \(found)")
    }

    func integer(in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        guard case let .scalar(scalar) = node, resolvedTag == .int else {
            throw error("expected an integer, found \(found); allowed: \(Self.describe(range))")
        }
        guard let value = Int.construct(from: scalar), range.contains(value) else {
            throw error("\(scalar.string) is out of range; allowed: \(Self.describe(range))")
        }
        return value
    }

    func unsigned64() throws(ScenarioError) -> UInt64 {
        let allowed = "0..\(UInt64.max)"
        guard case let .scalar(scalar) = node, resolvedTag == .int else {
            throw error("expected a non-negative integer, found \(found); allowed: \(allowed)")
        }
        guard let value = UInt64.construct(from: scalar) else {
            throw error("\(scalar.string) is out of range; allowed: \(allowed)")
        }
        return value
    }

    /// A finite number, integer or not, at least `minimum` (or above it, when `exclusive`).
    func number(atLeast minimum: Double, exclusive: Bool = false) throws(ScenarioError) -> Double {
        let allowed = exclusive ? "a number greater than \(Self.format(minimum))"
            : "a number, \(Self.format(minimum)) or more"
        guard case let .scalar(scalar) = node, [.int, .float].contains(resolvedTag),
              let value = Double.construct(from: scalar), value.isFinite
        else {
            throw error("expected a number, found \(found); allowed: \(allowed)")
        }
        guard exclusive ? value > minimum : value >= minimum else {
            throw error("\(scalar.string) is out of range; allowed: \(allowed)")
        }
        return value
    }

    func choice(_ allowed: [String]) throws(ScenarioError) -> String {
        guard case let .scalar(scalar) = node, !isNull else {
            throw error("expected a value, found \(found); allowed: \(Self.listing(allowed))")
        }
        guard allowed.contains(scalar.string) else {
            throw error("unknown value '\(scalar.string)'; allowed: \(Self.listing(allowed))")
        }
        return scalar.string
    }

    func choice<Value>(_ type: Value.Type) throws(ScenarioError) -> Value
    where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
        let spelling = try choice(Value.allCases.map(\.rawValue))
        // choice() accepted only raw values of Value's cases.
        return Value(rawValue: spelling)!
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound)..\(range.upperBound)"
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

extension LocatedNode {
    /// A name of `kind`, checked by its rule (`NameKind.refusal(of:)`) where it enters.
    func name(_ kind: NameKind) throws(ScenarioError) -> String {
        let text = try text()
        if let refusal = kind.refusal(of: text) { throw error(refusal) }
        return text
    }
}
