import HostBackup
import SnapWriter

/// Reading what a request names and sends: names in the path checked by their kind's rule
/// (400) and then against the scenario (404), bodies as JSON objects with known keys.
enum RequestReading {
    /// The longest a single request may make the emulated world run: a `workload` step or a
    /// clock advance of more is refused (400), so no one request holds the world for long.
    static let maximumSeconds: Double = 86_400

    /// The longest `GET /events?wait=` waits.
    static let maximumWaitSeconds: Double = 60

    /// The `{host}` of the path: one of the scenario's hosts.
    static func host(_ request: APIRequest, _ scenario: Scenario) throws(APIError) -> String {
        let name = request.parameter("host")
        if let refusal = NameKind.host.refusal(of: name) { throw .badRequest(refusal, path: "host") }
        guard scenario.host(named: name) != nil else {
            throw .notFound("unknown host \(NameKind.quoted(name)); hosts: "
                + scenario.hosts.map(\.name).joined(separator: ", "))
        }
        return name
    }

    /// The `{vm}` of the path: one of the scenario's VMs.
    static func vm(_ request: APIRequest, _ scenario: Scenario) throws(APIError) -> String {
        let name = request.parameter("vm")
        if let refusal = NameKind.vm.refusal(of: name) { throw .badRequest(refusal, path: "vm") }
        guard scenario.vm(named: name) != nil else {
            throw .notFound("unknown VM \(NameKind.quoted(name)); VMs: "
                + scenario.vms.map(\.name).joined(separator: ", "))
        }
        return name
    }

    /// The body as a JSON object's members; an absent body is an empty object when `optional`.
    static func object(_ request: APIRequest, allowed: [String], optional: Bool = false)
        throws(APIError) -> [String: JSONNode]
    {
        guard let body = request.body, !body.allSatisfy(\.isWhitespace) else {
            if optional { return [:] }
            throw .badRequest("the request needs a JSON body")
        }
        let node: JSONNode
        do {
            node = try JSONReader.parse(body)
        } catch {
            throw .badRequest("the body is not JSON: \(error.description)")
        }
        guard case .object(let members) = node.kind else {
            throw .badRequest("the body must be a JSON object, found \(node.kindName)")
        }
        var fields: [String: JSONNode] = [:]
        for member in members {
            guard allowed.contains(member.key) else {
                throw .badRequest("unknown key '\(member.key)'; allowed: \(allowed.joined(separator: ", "))",
                                  path: member.key)
            }
            guard fields[member.key] == nil else {
                throw .badRequest("the key '\(member.key)' is given twice", path: member.key)
            }
            fields[member.key] = member.value
        }
        return fields
    }

    /// The body as a JSON value: a requester call's arguments.
    static func json(_ request: APIRequest) throws(APIError) -> JSONValue {
        guard let body = request.body, !body.allSatisfy(\.isWhitespace) else {
            throw .badRequest("the request needs a JSON body")
        }
        do {
            return JSONValue(try JSONReader.parse(body))
        } catch {
            throw .badRequest("the body is not JSON: \(error.description)")
        }
    }

    /// The body checked to be JSON, as text for the scenario's readers.
    static func jsonText(_ request: APIRequest) throws(APIError) -> String {
        guard let body = request.body, !body.allSatisfy(\.isWhitespace) else {
            throw .badRequest("the request needs a JSON body")
        }
        do {
            _ = try JSONReader.parse(body)
        } catch {
            throw .badRequest("the body is not JSON: \(error.description)")
        }
        return body
    }

    /// A number of seconds above 0 and at most `maximum`.
    static func seconds(_ node: JSONNode?, key: String, maximum: Double) throws(APIError) -> Double {
        guard let node else { throw .badRequest("'\(key)' is required: a number of seconds", path: key) }
        guard case .number(let text) = node.kind, let value = Double(text), value.isFinite else {
            throw .badRequest("'\(key)' must be a number of seconds, found \(node.kindName)", path: key)
        }
        guard value > 0 else { throw .badRequest("'\(key)' must be above 0, found \(text)", path: key) }
        guard value <= maximum else {
            throw .badRequest("'\(key)' is \(text); one request may ask for at most \(Int(maximum)) seconds", path: key)
        }
        return value
    }

    /// A query parameter that is a whole number of at least 0.
    static func count(_ request: APIRequest, _ key: String) throws(APIError) -> Int? {
        guard let text = request.query[key] else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw .badRequest("'\(key)' must be a whole number, 0 or more, found '\(text)'", path: key)
        }
        return value
    }

    /// A step written as in the scenario's `steps`.
    static func step(_ text: String, in scenario: Scenario) throws(APIError) -> Step {
        do {
            return try ScenarioFragment.step(text, file: "request body", in: scenario)
        } catch {
            throw refusal(error)
        }
    }

    /// A rule written as an item of the scenario's `faults`.
    static func faultRule(_ text: String, in scenario: Scenario) throws(APIError) -> FaultRules {
        do {
            return try ScenarioFragment.faultRule(text, file: "request body", in: scenario)
        } catch {
            throw refusal(error)
        }
    }

    /// A scenario reader's refusal as a 400 naming the field.
    private static func refusal(_ error: ScenarioError) -> APIError {
        var message = error.message
        if let line = error.line, let column = error.column { message += " (line \(line), column \(column) of the body)" }
        return .badRequest(message, path: error.key)
    }
}
