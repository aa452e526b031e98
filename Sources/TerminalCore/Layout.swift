/// How much of a split one part takes.
public enum Constraint: Sendable, Hashable {
    /// Exactly this many cells (less if the space runs out).
    case fixed(Int)
    /// This percentage of the whole length.
    case percent(Int)
    /// A share of what the fixed and percent parts leave, by weight.
    case fill(Int)

    /// A fill with weight 1.
    public static let fill = Constraint.fill(1)
}

/// The direction a rectangle is split in.
public enum Axis: Sendable, Hashable {
    /// Parts side by side, left to right.
    case horizontal
    /// Parts stacked, top to bottom.
    case vertical
}

extension Rect {
    /// Splits the rectangle into one part per constraint, with `spacing` cells between parts.
    ///
    /// Fixed and percent parts are served first, in order, until the space runs out; fill parts
    /// share what is left by weight, the remainder going to the earliest ones. The parts always
    /// lie inside the rectangle and never overlap; parts that get no space have zero length.
    public func split(_ axis: Axis, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        guard !constraints.isEmpty else { return [] }
        let total = axis == .horizontal ? width : height
        let gaps = max(0, spacing) * (constraints.count - 1)
        var available = max(0, total - gaps)
        var lengths = Array(repeating: 0, count: constraints.count)
        for (i, constraint) in constraints.enumerated() {
            let wanted: Int
            switch constraint {
            case .fixed(let n): wanted = max(0, n)
            case .percent(let p): wanted = max(0, total * min(max(0, p), 100) / 100)
            case .fill: continue
            }
            lengths[i] = min(wanted, available)
            available -= lengths[i]
        }
        let weights = constraints.map { c -> Int in if case .fill(let w) = c { return max(0, w) } else { return 0 } }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 {
            var given = 0
            for i in constraints.indices where weights[i] > 0 {
                lengths[i] = available * weights[i] / weightSum
                given += lengths[i]
            }
            var rest = available - given
            for i in constraints.indices where weights[i] > 0 && rest > 0 {
                lengths[i] += 1
                rest -= 1
            }
        }
        var parts: [Rect] = []
        parts.reserveCapacity(constraints.count)
        var offset = 0
        for (i, length) in lengths.enumerated() {
            let start = min(offset, total)
            let clipped = min(length, total - start)
            switch axis {
            case .horizontal: parts.append(Rect(x: x + start, y: y, width: clipped, height: height))
            case .vertical: parts.append(Rect(x: x, y: y + start, width: width, height: clipped))
            }
            offset = start + clipped + (i < lengths.count - 1 ? max(0, spacing) : 0)
        }
        return parts
    }

    /// Splits into columns side by side.
    public func columns(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(.horizontal, constraints, spacing: spacing)
    }

    /// Splits into rows stacked top to bottom.
    public func rows(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(.vertical, constraints, spacing: spacing)
    }

    /// A rectangle of at most `size` centred in this one (for dialogs and help screens).
    public func centered(_ size: Size) -> Rect {
        let w = min(size.width, width), h = min(size.height, height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }
}
