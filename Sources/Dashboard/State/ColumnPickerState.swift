/// The column picker (`C` in the runs pane): every metric and param of the loaded runs, the ones
/// picked in the order they were picked.
public struct ColumnPickerState: Sendable, Hashable {
    public var candidates: [RunColumn]
    public var chosen: [RunColumn]
    public var cursor = ListCursor()

    public init(candidates: [RunColumn], chosen: [RunColumn]) {
        self.candidates = candidates
        self.chosen = chosen
    }

    /// Picks or drops the column under the cursor.
    public mutating func toggle() {
        guard candidates.indices.contains(cursor.selected) else { return }
        let column = candidates[cursor.selected]
        if let index = chosen.firstIndex(of: column) {
            chosen.remove(at: index)
        } else {
            chosen.append(column)
        }
    }
}
