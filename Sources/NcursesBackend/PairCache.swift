/// Assigns curses colour-pair numbers to (foreground, background) pairs, reusing them.
///
/// Pair 0 is the terminal's default pair. When every pair is taken the cache starts over, and
/// the caller must redraw everything, since cells on screen may use reassigned pairs.
public struct PairCache: Sendable {
    public struct Key: Hashable, Sendable {
        public var fg: Int32
        public var bg: Int32
    }

    /// Highest pair number usable (COLOR_PAIRS - 1).
    public let capacity: Int32
    private var pairs: [Key: Int32] = [:]
    private var nextPair: Int32 = 1

    public init(capacity: Int32) {
        self.capacity = max(0, capacity)
    }

    /// The pair for the colours; `isNew` asks the caller to define it, `wrapped` to redraw all.
    public mutating func pair(fg: Int32, bg: Int32) -> (pair: Int32, isNew: Bool, wrapped: Bool) {
        if fg == -1, bg == -1 { return (0, false, false) }
        let key = Key(fg: fg, bg: bg)
        if let known = pairs[key] { return (known, false, false) }
        guard capacity > 0 else { return (0, false, false) }
        var wrapped = false
        if nextPair > capacity {
            pairs.removeAll(keepingCapacity: true)
            nextPair = 1
            wrapped = true
        }
        let pair = nextPair
        nextPair += 1
        pairs[key] = pair
        return (pair, true, wrapped)
    }

    /// How many pairs are defined.
    public var count: Int { pairs.count }
}
