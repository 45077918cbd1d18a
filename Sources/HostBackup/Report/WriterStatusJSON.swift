import SnapWriter

extension WriterStatus {
    /// A writer object of the run document, with vssadmin's own words alongside.
    public var json: JSONValue {
        .object([
            ("name", .string(name)),
            ("id", .string(writerId)),
            ("instanceId", .string(instanceId)),
            ("state", .string(state.name)),
            ("stateCode", .int(state.rawValue)),
            ("lastError", .string(lastError.name)),
            ("hresult", .string(lastError.hex)),
            ("inMetadata", .bool(inMetadata)),
            ("vssadmin", .object([("state", .string(state.vssadminLabel)), ("lastError", .string(lastError.vssadminLastError))])),
        ])
    }
}
