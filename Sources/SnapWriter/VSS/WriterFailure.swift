/// The writer errors a writer may set with SetWriterFailure, by the names scenario
/// faults use (the vocabulary of Microsoft's VSS Test Writer).
public enum WriterFailure: String, Sendable, CaseIterable, Codable {
    case retryable
    case nonretryable
    case timeout
    case outOfResources = "out-of-resources"
    case inconsistentSnapshot = "inconsistent-snapshot"
    case partialFailure = "partial-failure"

    public var hresult: HResult {
        switch self {
        case .retryable: .writerErrorRetryable
        case .nonretryable: .writerErrorNonRetryable
        case .timeout: .writerErrorTimeout
        case .outOfResources: .writerErrorOutOfResources
        case .inconsistentSnapshot: .writerErrorInconsistentSnapshot
        case .partialFailure: .writerErrorPartialFailure
        }
    }
}
