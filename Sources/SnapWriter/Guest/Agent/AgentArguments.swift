/// Checks a request's `arguments` against a command's parameters as QEMU's generated
/// marshaller does: members in schema order (the first missing or mistyped one is the
/// error), then any member left over is "unexpected".
enum AgentArguments {
    static func check(_ arguments: AgentDict, _ parameters: [AgentParameter]) throws(AgentError) -> AgentDict {
        for parameter in parameters {
            guard let value = arguments[parameter.name] else {
                if parameter.optional { continue }
                throw AgentError(.genericError, "Parameter '\(parameter.name)' is missing")
            }
            try checkType(value, parameter.kind, name: parameter.name)
        }
        let known = Set(parameters.map { Array($0.name.utf8) })
        if let extra = arguments.ordered.first(where: { !known.contains($0.key) }) {
            throw AgentError(.genericError, Array("Parameter '".utf8) + extra.key + Array("' is unexpected".utf8))
        }
        return arguments
    }

    private static func checkType(_ value: AgentValue, _ kind: AgentParameter.Kind, name: String) throws(AgentError) {
        switch (kind, value) {
        case (.integer, .int), (.string, .string), (.boolean, .bool), (.opaque, _): return
        case (.stringList, .list(let items)):
            for (index, item) in items.enumerated() {
                guard case .string = item else { throw invalidType("\(name)[\(index)]", "string") }
            }
        case (.integer, _): throw invalidType(name, "integer")
        case (.string, _): throw invalidType(name, "string")
        case (.boolean, _): throw invalidType(name, "boolean")
        case (.stringList, _): throw invalidType(name, "array")
        }
    }

    private static func invalidType(_ name: String, _ expected: String) -> AgentError {
        AgentError(.genericError, "Invalid parameter type for '\(name)', expected: \(expected)")
    }
}
