import Foundation
import MLflowCore
import TerminalCore

/// The state of the pager room: the file, what has arrived of it, how it is shown and where the
/// view stands.
public struct PagerState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The file shown.
    public var file: ArtifactFileRef?
    /// The read of the file; `loaded` once it ended (or stopped at `maxBytes`).
    public var load: LoadState = .idle
    /// How the file is shown; nil until its first bytes arrived.
    public var mode: PagerMode?
    /// The bytes read so far (of the file, before any pretty-printing).
    public var bytesRead: Int64 = 0
    /// The text shown: the file as read, or its JSON laid out again once complete.
    public var text = PagerText()
    /// The read stopped at `maxBytes`: the view shows only the file's first part.
    public var truncated = false
    /// The read reached the file's end (so `bytesRead` is its size).
    public var readToTheEnd = false
    /// What the header says about the JSON (laid out; or why it is shown as written).
    public var jsonNote: String?
    /// The rows of a CSV or TSV file, read as the bytes arrive.
    public var table: PagerTable?
    /// The first line (or table row) shown.
    public var top = 0
    /// The first screen row of `top` shown, when long lines wrap.
    public var topRow = 0
    /// Columns scrolled sideways (text without wrap), or the first table column shown.
    public var column = 0
    /// Long lines wrap (kept from one file to the next).
    public var wrap = false
    /// The search and its matches.
    public var search = PagerSearch()
    /// The most bytes kept in memory; the rest of a larger file is not read.
    public var maxBytes = PagerState.defaultMaxBytes

    /// 64 MiB: a 50 MB log is read whole, a 2 GB one shows its first 64 MiB and says so.
    public static let defaultMaxBytes = 64 << 20
    /// The first answer: enough for the first screen, at once.
    public static let firstChunkBytes = 64 << 10
    /// JSON up to this size is laid out again once complete; larger is shown as written.
    public static let maxPrettyJSONBytes = 16 << 20

    public init() {}

    /// What the title bar names: the run (or model) first, then the file.
    public var crumbs: [String] {
        guard let file else { return ["pager"] }
        return [SafeText.sanitize(file.ownerLabel), SafeText.sanitize(file.path)]
    }

    /// Whether it waits on the store.
    public var isLoading: Bool { load.isLoading }

    /// What the status line says while the file is read.
    public var loadingText: String? {
        guard load.isLoading else { return nil }
        let name = file.map { SafeText.sanitize($0.name) } ?? "the file"
        guard bytesRead > 0 else { return "reading \(name)..." }
        let total = file?.size.map { " of " + ByteSize.human($0) } ?? ""
        return "reading \(name): " + ByteSize.human(bytesRead) + total + "..."
    }

    /// The file's size: as the store listed it, else what was read once the read ended.
    public var fileSize: Int64? {
        if let size = file?.size { return max(size, bytesRead) }
        return readToTheEnd ? bytesRead : nil
    }
}

/// How the pager shows a file.
public enum PagerMode: Sendable, Hashable {
    case text
    /// JSON, laid out once complete (or as written, `jsonNote` saying why).
    case json
    /// CSV or TSV as a table.
    case table
    /// Not text: its size and type, never its bytes.
    case binary(type: String)

    /// The word the header shows.
    public var name: String {
        switch self {
        case .text: "text"
        case .json: "json"
        case .table: "csv"
        case .binary: "binary"
        }
    }
}

/// The `/` search: what is typed, and where it matches.
public struct PagerSearch: Sendable, Hashable {
    /// The text searched for (matched either case of ASCII letters when it has no capital).
    public var query = ""
    /// The prompt is open, taking the keys.
    public var editing = false
    /// Byte offsets of the matches in the text shown, ascending.
    public var matches: [Int] = []
    /// More matches than `maxMatches` exist; only the first are kept.
    public var capped = false
    /// The match `n` and `N` stand on (an index into `matches`).
    public var current: Int?

    /// Matches kept at most (8 bytes each).
    public static let maxMatches = 100_000

    public init() {}

    /// Whether a search is shown (highlighted, `n`/`N` live).
    public var isActive: Bool { !query.isEmpty }

    /// The query as bytes to look for, and whether case is ignored (smart case: no capital typed).
    var needle: (bytes: [UInt8], ignoringCase: Bool) {
        let ignoring = !query.contains { $0.isUppercase }
        return (Array((ignoring ? query.lowercased() : query).utf8), ignoring)
    }
}

/// The rows of a CSV or TSV file, as far as they were read.
public struct PagerTable: Sendable, Hashable {
    /// The first record (the header) and the rest, as written (sanitised when drawn).
    public var rows: [[String]] = []
    /// The byte offset where each row starts, for finding the row of a search match.
    public var offsets: [Int] = []
    /// Each column's width: the widest cell loaded, at most `maxColumnWidth`.
    public var widths: [Int] = []
    /// More rows than `maxRows`: only the first are shown.
    public var capped = false
    var reader: CSVReader

    public static let maxRows = 200_000
    public static let maxColumnWidth = 40

    public init(separator: UInt8) {
        reader = CSVReader(separator: separator, quoting: separator != 0x09)
    }
}

/// The pager room's own actions: its keys' intents and the store's answers.
public enum PagerAction: Sendable, Hashable {
    /// Lines (screen rows, when wrapped) down, or up when negative.
    case moveLines(Int)
    case movePages(Int)
    case moveToTop
    case moveToBottom
    /// Sideways: eight columns of text, or one table column.
    case moveColumns(Int)
    case toggleWrap
    /// `/`: opens the search prompt.
    case beginSearch
    case nextMatch
    case previousMatch
    /// `d`: asks where to download the file.
    case download
    /// `Esc`: the search first, if one is shown; else back.
    case close
    /// The next bytes of the file (the first answer is small, for the first screen).
    case bytesLoaded(requestId: Int, Data)
    /// The read ended: at the file's end, or (`complete` false) at `maxBytes`.
    case readFinished(requestId: Int, complete: Bool)
}

/// The pager room's store work.
public enum PagerEffect: Sendable, Hashable {
    /// Reads the file: its first `firstBytes` answered at once, the rest in chunks, at most
    /// `maxBytes`, then `readFinished`.
    case read(requestId: Int, owner: ArtifactOwner, path: String, firstBytes: Int, maxBytes: Int)
}
