/// A key press, decoded by the backend.
public enum Key: Sendable, Hashable {
    case char(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// A function key, F1 = `f(1)`.
    case f(Int)
    /// Ctrl with a letter, lower case: Ctrl-C is `ctrl("c")`.
    case ctrl(Character)
}

/// A mouse event at a cell.
public enum MouseEvent: Sendable, Hashable {
    case click(x: Int, y: Int)
    case scrollUp(x: Int, y: Int)
    case scrollDown(x: Int, y: Int)
}

/// What the terminal reports to the loop.
public enum TerminalEvent: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal's new size in cells.
    case resize(Size)
}

extension Key: CustomStringConvertible {
    /// The key as help screens show it: `q`, `Enter`, `Shift-Tab`, `Ctrl-C`, `F5`, `Space`.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .f(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        }
    }
}
