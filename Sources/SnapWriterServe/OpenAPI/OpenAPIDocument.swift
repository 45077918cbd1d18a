import SnapWriter

/// The OpenAPI 3 document of the API. Its text is docs/openapi.json, embedded by
/// scripts/embed-openapi (`OpenAPIDocument+Text.swift`), so the server needs no resource
/// files beside its binary.
public enum OpenAPIDocument {
    /// Every operation the document describes, as `METHOD /path` (paths under `/api/v1`).
    public static func operations() throws -> [String] {
        let root = try JSONReader.parse(text)
        guard case .object(let members) = root.kind,
              case .object(let paths)? = members.first(where: { $0.key == "paths" })?.value.kind
        else { return [] }
        var operations: [String] = []
        for path in paths {
            guard case .object(let methods) = path.value.kind else { continue }
            for method in methods.map(\.key) where ["get", "put", "post", "delete", "patch"].contains(method) {
                operations.append("\(method.uppercased()) \(path.key)")
            }
        }
        return operations
    }
}
