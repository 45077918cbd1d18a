/// A message between two SQL Server replicas (the availability group's backup handshake),
/// drawn from the sender's lane to the receiver's, as an XEvent view of both servers side
/// by side would pair them.
struct TimelineArrow {
    /// The VM whose instance sent it.
    var from: String
    /// The VM of the replica it was sent to (its server name).
    var to: String
    var time: Double
    var label: String
    var title: String
    /// False when the message never reached the other replica.
    var delivered: Bool
}
