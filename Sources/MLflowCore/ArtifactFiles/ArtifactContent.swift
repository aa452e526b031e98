/// What an artifact file holds, judged from its name and its first bytes, for choosing how to show it.
public enum ArtifactContent: Sendable, Hashable {
    case text
    /// JSON by its name (`byName`), or text that starts like JSON and is shown as JSON only if it parses.
    case json(byName: Bool)
    /// Comma- or tab-separated values (by the name's extension).
    case table(separator: UInt8)
    /// Not text: never shown as bytes; `type` names what it is, as far as its magic bytes tell.
    case binary(type: String)

    /// Names that are binary whatever their first bytes look like.
    static let binaryExtensions: Set<String> = [
        "pkl", "pickle", "joblib", "h5", "hdf5", "keras", "pt", "pth", "ckpt", "bin", "onnx", "npy", "npz",
        "parquet", "feather", "arrow", "avro", "orc", "safetensors", "pb", "tflite", "msgpack",
        "zip", "gz", "tgz", "bz2", "xz", "zst", "tar", "7z", "whl", "jar",
        "so", "dylib", "dll", "exe", "o", "a", "png", "jpg", "jpeg", "gif", "webp", "bmp", "tiff", "ico", "pdf",
    ]

    /// Judges a file by its name and its first bytes (a KiB or more is plenty).
    public init(name: String, prefix: some Collection<UInt8>) {
        let ext = Self.fileExtension(name)
        let head = Array(prefix.prefix(4096))
        if Self.binaryExtensions.contains(ext) || Self.looksBinary(head) {
            self = .binary(type: Self.binaryType(head, name: name))
            return
        }
        switch ext {
        case "csv": self = .table(separator: UInt8(ascii: ","))
        case "tsv", "tab": self = .table(separator: 0x09)
        case "json", "ipynb", "geojson": self = .json(byName: true)
        default:
            let first = head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            let plain = ["", "txt", "out", "log", "dat", "data"].contains(ext)
            self = plain && (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")) ? .json(byName: false) : .text
        }
    }

    /// The lowercased extension of a file name (`""` for none, `MLmodel`, `.hidden`).
    static func fileExtension(_ name: String) -> String {
        let base = PathText.lastComponent(name)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
        return String(base[base.index(after: dot)...]).lowercased()
    }

    /// Whether the first bytes are not text: a NUL, or more than one byte in ten that is neither
    /// UTF-8 nor a usual control character (tab, line breaks, form feed, escape).
    public static func looksBinary(_ head: [UInt8]) -> Bool {
        let sample = head.prefix(1024)
        if sample.contains(0) { return true }
        guard !sample.isEmpty else { return false }
        var odd = 0
        var iterator = sample.makeIterator()
        var decoder = UTF8()
        var done = false
        while !done {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let v = scalar.value
                if v < 0x20, ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains(v) { odd += 1 }
            case .error: odd += 1
            case .emptyInput: done = true
            }
        }
        // A sequence cut by the sample's end is one error, not a sign of binary.
        return odd * 10 > sample.count && odd > 1
    }

    /// Where `bytes[start..<end]` may be cut without splitting a UTF-8 sequence: `end`, or the
    /// start of the sequence that `end` falls inside (which may be `start` itself). Bytes that are
    /// not UTF-8 are cut anywhere. Used to show text that arrives or is laid out in pieces.
    public static func utf8Boundary(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        var index = end
        var back = 0
        while index > start && back < 4 {
            let byte = bytes[index - 1]
            if byte & 0xC0 == 0x80 { index -= 1; back += 1; continue }
            if byte >= 0xC0 {
                let need = byte >= 0xF0 ? 4 : (byte >= 0xE0 ? 3 : 2)
                return back + 1 >= need ? end : index - 1
            }
            return end
        }
        return end
    }

    /// The length of the longest prefix that does not end inside a UTF-8 sequence.
    public static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { utf8Boundary($0, start: 0, end: $0.count) }
    }

    /// What a binary file is, from its magic bytes (or its extension when they tell nothing).
    public static func binaryType(_ head: [UInt8], name: String) -> String {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && head[offset..<(offset + magic.count)].elementsEqual(magic)
        }
        func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
        let ext = fileExtension(name)
        if head.count >= 2, head[0] == 0x80, (2...5).contains(head[1]) { return "Python pickle (protocol \(head[1]))" }
        if starts([0x89] + ascii("HDF\r\n") + [0x1A, 0x0A]) { return "HDF5" }
        if starts(ascii("PK") + [3, 4]) || starts(ascii("PK") + [5, 6]) {
            switch ext {
            case "pt", "pth": return "PyTorch archive (zip)"
            case "npz": return "NumPy arrays (zip)"
            case "keras": return "Keras archive (zip)"
            case "whl": return "Python wheel (zip)"
            case "jar": return "Java archive (zip)"
            default: return "zip archive"
            }
        }
        if starts([0x1F, 0x8B]) { return "gzip" }
        if starts([0x89] + ascii("PNG\r\n") + [0x1A, 0x0A]) { return "PNG image" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG image" }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { return "GIF image" }
        if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) { return "WebP image" }
        if starts([0x93] + ascii("NUMPY")) {
            return head.count > 6 ? "NumPy array (format \(head[6]))" : "NumPy array"
        }
        if starts(ascii("PAR1")) { return "Parquet" }
        if starts(ascii("ARROW1")) { return "Arrow" }
        if starts(ascii("Obj") + [1]) { return "Avro" }
        if starts([0x7F] + ascii("ELF")) { return "ELF executable or library" }
        if starts(ascii("%PDF-")) { return "PDF document" }
        if starts(ascii("BZh")) { return "bzip2" }
        if starts([0xFD] + ascii("7zXZ") + [0]) { return "xz" }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return "zstd" }
        if starts(ascii("7z") + [0xBC, 0xAF, 0x27, 0x1C]) { return "7-Zip archive" }
        if starts(ascii("ustar"), at: 257) { return "tar archive" }
        if starts([0xCF, 0xFA, 0xED, 0xFE]) || starts([0xCE, 0xFA, 0xED, 0xFE]) || starts([0xCA, 0xFE, 0xBA, 0xBE]) { return "Mach-O or Java class" }
        if starts(ascii("MZ")) { return "Windows executable" }
        if head.count >= 9, head[8] == UInt8(ascii: "{"), ext == "safetensors" || head[9...].starts(with: ascii("\"")) {
            return "safetensors"
        }
        if starts([0x78, 0x9C]) || starts([0x78, 0x01]) || starts([0x78, 0xDA]) { return "zlib stream" + (ext == "joblib" ? " (joblib)" : "") }
        switch ext {
        case "onnx": return "ONNX model (protobuf)"
        case "pb": return "protobuf"
        case "tflite": return "TensorFlow Lite model"
        case "joblib": return "joblib"
        case "pkl", "pickle": return "Python pickle"
        default: return "binary data"
        }
    }
}
