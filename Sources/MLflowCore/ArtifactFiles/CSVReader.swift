/// Reads CSV (RFC 4180) or TSV records from bytes that arrive in pieces.
///
/// CSV: fields in double quotes may hold the separator, line breaks and doubled quotes (`""`); a
/// quote inside an unquoted field, or text after a closing quote, is kept as written (the way
/// spreadsheets read sloppy files) rather than refused. TSV (`quoting: false`) has no quoting at
/// all. Records end at LF or CRLF; blank lines are skipped; rows may have any number of fields.
/// Bytes that are not UTF-8 become U+FFFD. The state between pieces is a few flags and the field
/// being read, so a piece may end anywhere, even inside a quoted field or between CR and LF.
public struct CSVReader: Sendable, Hashable {
    /// One record: its fields, and the byte offset where it starts in the whole input.
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var offset: Int

        public init(fields: [String], offset: Int) {
            self.fields = fields
            self.offset = offset
        }
    }

    public let separator: UInt8
    public let quoting: Bool
    /// Whether the input ended inside a quoted field (its text up to the end was kept).
    public private(set) var endedInQuotes = false

    private var field: [UInt8] = []
    private var record: [String] = []
    private var inQuotes = false
    /// In quotes, a quote was just read: the end of the field's quoting, or the first of `""`.
    private var quoteInQuotes = false
    /// The current field was quoted (a later quote in it is plain text).
    private var fieldWasQuoted = false
    /// An unquoted CR was read: a record's end if LF follows, else a plain CR.
    private var pendingCR = false
    /// The field just ended was quoted (so a lone `""` makes a record, not a blank line).
    private var lastFieldQuoted = false
    private var offset = 0
    private var recordStart = 0

    /// A reader of comma-separated values with quoting, or of another separator.
    public init(separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true) {
        self.separator = separator
        self.quoting = quoting
    }

    /// Reads the next piece, handing each record it completes to `emit`; return false from `emit`
    /// to stop at once (the rest of the piece is not read).
    public mutating func feed(_ bytes: some Collection<UInt8>, _ emit: (Record) -> Bool) {
        for byte in bytes {
            defer { offset += 1 }
            if !take(byte, emit) { return }
        }
    }

    /// Ends the input: the last record, if it has no line break after it.
    public mutating func finish(_ emit: (Record) -> Bool) {
        if pendingCR {
            pendingCR = false
            field.append(0x0D)
        }
        endedInQuotes = inQuotes && !quoteInQuotes
        inQuotes = false
        quoteInQuotes = false
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted {
            endField()
            _ = endRecord(emit, nextStart: offset)
        }
    }

    /// One byte; false when `emit` asked to stop.
    private mutating func take(_ byte: UInt8, _ emit: (Record) -> Bool) -> Bool {
        if inQuotes {
            if quoteInQuotes {
                quoteInQuotes = false
                if byte == UInt8(ascii: "\"") {
                    field.append(byte)
                    return true
                }
                inQuotes = false
                // The quoting ended; this byte is read as outside quotes.
            } else {
                if byte == UInt8(ascii: "\"") {
                    quoteInQuotes = true
                } else {
                    field.append(byte)
                }
                return true
            }
        }
        if pendingCR {
            pendingCR = false
            if byte == 0x0A {
                endField()
                return endRecord(emit, nextStart: offset + 1)
            }
            field.append(0x0D)
        }
        switch byte {
        case separator:
            endField()
        case 0x0A:
            endField()
            return endRecord(emit, nextStart: offset + 1)
        case 0x0D:
            pendingCR = true
        case UInt8(ascii: "\"") where quoting && field.isEmpty && !fieldWasQuoted:
            inQuotes = true
            fieldWasQuoted = true
        default:
            field.append(byte)
        }
        return true
    }

    private mutating func endField() {
        record.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        lastFieldQuoted = fieldWasQuoted
        fieldWasQuoted = false
    }

    private mutating func endRecord(_ emit: (Record) -> Bool, nextStart: Int) -> Bool {
        defer {
            record.removeAll(keepingCapacity: true)
            recordStart = nextStart
        }
        // A blank line is no record.
        if record.count == 1, record[0].isEmpty, !lastFieldQuoted { return true }
        return emit(Record(fields: record, offset: recordStart))
    }
}
