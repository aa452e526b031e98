import TerminalCore

/// One unit of input as `get_wch` returns it.
public enum InputUnit: Sendable, Hashable {
    /// A character (a Unicode scalar value, controls included).
    case char(UInt32)
    /// A curses key code (`KEY_UP`, `KEY_F0 + n` ...).
    case keyCode(Int32)
}

/// Curses key codes the decoder knows, as plain numbers so decoding needs no terminal.
public enum CursesKeyCode {
    public static let down: Int32 = 0o402, up: Int32 = 0o403, left: Int32 = 0o404, right: Int32 = 0o405
    public static let home: Int32 = 0o406, backspace: Int32 = 0o407, f0: Int32 = 0o410
    public static let delete: Int32 = 0o512, pageDown: Int32 = 0o522, pageUp: Int32 = 0o523
    public static let enter: Int32 = 0o527, backTab: Int32 = 0o541, end: Int32 = 0o550
    public static let mouse: Int32 = 0o631, resize: Int32 = 0o632
}

/// Turns input units into key and mouse events.
///
/// ncurses (with `keypad`) decodes the sequences its terminal description lists; the rest arrive
/// as ESC followed by their bytes, and are decoded here: CSI and SS3 keys (with or without
/// modifier parameters), SGR mouse reports, and ESC + key (Alt), which is reported as the key
/// alone because `Key` has no Alt modifier.
public enum KeyDecoder {
    /// Decodes a run of units that arrived together (an ESC and what followed it, for one).
    public static func decode(_ units: [InputUnit]) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        var index = 0
        while index < units.count {
            switch units[index] {
            case .keyCode(let code):
                if let key = key(forCode: code) { events.append(.key(key)) }
                index += 1
            case .char(27):
                let (event, used) = decodeEscape(units, from: index + 1)
                if let event { events.append(event) }
                index += 1 + used
            case .char(let value):
                if let key = key(forChar: value) { events.append(.key(key)) }
                index += 1
            }
        }
        return events
    }

    /// The key for a curses key code, nil for codes the dashboard has no use for.
    public static func key(forCode code: Int32) -> Key? {
        switch code {
        case CursesKeyCode.up: return .up
        case CursesKeyCode.down: return .down
        case CursesKeyCode.left: return .left
        case CursesKeyCode.right: return .right
        case CursesKeyCode.home: return .home
        case CursesKeyCode.end: return .end
        case CursesKeyCode.pageUp: return .pageUp
        case CursesKeyCode.pageDown: return .pageDown
        case CursesKeyCode.delete: return .delete
        case CursesKeyCode.backspace: return .backspace
        case CursesKeyCode.enter: return .enter
        case CursesKeyCode.backTab: return .backTab
        case (CursesKeyCode.f0 + 1)...(CursesKeyCode.f0 + 63): return .f(Int(code - CursesKeyCode.f0))
        default: return nil
        }
    }

    /// The key for an extended curses key name (`kRIT5` is Ctrl-Right): the key without its
    /// modifiers, which `Key` does not carry.
    public static func key(forExtendedName name: String) -> Key? {
        guard name.hasPrefix("k") else { return nil }
        let base = name.dropFirst().prefix { !$0.isNumber }
        switch base {
        case "UP": return .up
        case "DN": return .down
        case "LFT": return .left
        case "RIT": return .right
        case "HOM": return .home
        case "END": return .end
        case "PRV": return .pageUp
        case "NXT": return .pageDown
        case "DC": return .delete
        default: return nil
        }
    }

    /// The key for a character: controls become named keys or `ctrl`, the rest `char`.
    public static func key(forChar value: UInt32) -> Key? {
        switch value {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 0: return .ctrl(" ")
        case 1...26: return Unicode.Scalar(value + 96).map { .ctrl(Character($0)) }
        case 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value), !(0x80...0x9F).contains(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// Decodes what follows an ESC; returns the event and how many units it consumed.
    static func decodeEscape(_ units: [InputUnit], from start: Int) -> (TerminalEvent?, Int) {
        guard start < units.count, case .char(let next) = units[start] else { return (.key(.escape), 0) }
        if next == 0x5B /* [ */ { return decodeCSI(units, from: start + 1).map { ($0.0, $0.1 + 1) } ?? (.key(.escape), 0) }
        if next == 0x4F /* O */, start + 1 < units.count, case .char(let final) = units[start + 1] {
            if let key = ss3Key(final) { return (.key(key), 2) }
        }
        if next == 27 { return (.key(.escape), 0) }
        // ESC + key: Alt. Reported as the key itself.
        return (key(forChar: next).map { .key($0) }, 1)
    }

    /// Decodes a CSI sequence body (after `ESC [`); nil when it is incomplete.
    static func decodeCSI(_ units: [InputUnit], from start: Int) -> (TerminalEvent?, Int)? {
        var body = ""
        var index = start
        while index < units.count, index - start < 32 {
            guard case .char(let value) = units[index], let scalar = Unicode.Scalar(value) else { return nil }
            index += 1
            if (0x40...0x7E).contains(value) {
                return (csiEvent(parameters: body, final: scalar), index - start)
            }
            body.unicodeScalars.append(scalar)
        }
        return nil
    }

    static func csiEvent(parameters: String, final: Unicode.Scalar) -> TerminalEvent? {
        if parameters.hasPrefix("<"), final == "M" {
            let numbers = parameters.dropFirst().split(separator: ";").compactMap { Int($0) }
            guard numbers.count == 3 else { return nil }
            // Positions count from 1; below that (down to Int.min, which `- 1` would trap on) is the edge.
            return mouseEvent(button: numbers[0], x: max(numbers[1], 1) - 1, y: max(numbers[2], 1) - 1)
        }
        let first = Int(parameters.split(separator: ";").first ?? "") ?? 1
        switch final {
        case "A": return .key(.up)
        case "B": return .key(.down)
        case "C": return .key(.right)
        case "D": return .key(.left)
        case "H": return .key(.home)
        case "F": return .key(.end)
        case "Z": return .key(.backTab)
        case "P", "Q", "R", "S": return .key(.f(Int(final.value) - 0x4F))
        case "~":
            switch first {
            case 1, 7: return .key(.home)
            case 4, 8: return .key(.end)
            case 3: return .key(.delete)
            case 5: return .key(.pageUp)
            case 6: return .key(.pageDown)
            case 11...15: return .key(.f(first - 10))
            case 17...21: return .key(.f(first - 11))
            case 23, 24: return .key(.f(first - 12))
            default: return nil
            }
        default: return nil
        }
    }

    static func ss3Key(_ value: UInt32) -> Key? {
        switch value {
        case 0x41: return .up
        case 0x42: return .down
        case 0x43: return .right
        case 0x44: return .left
        case 0x48: return .home
        case 0x46: return .end
        case 0x50...0x53: return .f(Int(value) - 0x4F)
        case 0x4D: return .enter
        default: return nil
        }
    }

    /// A mouse report's button code (xterm numbering) as an event; releases and drags give nil.
    public static func mouseEvent(button: Int, x: Int, y: Int) -> TerminalEvent? {
        let x = max(0, x), y = max(0, y)
        switch button & ~0b1_1100 {  // modifier bits (shift, alt, ctrl) ignored
        case 0: return .mouse(.click(x: x, y: y))
        case 64: return .mouse(.scrollUp(x: x, y: y))
        case 65: return .mouse(.scrollDown(x: x, y: y))
        default: return nil
        }
    }
}
