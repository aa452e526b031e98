/// Byte counts for people: `512 B`, `1.5 KiB`, `48.0 MiB`, `3.21 GiB` (powers of 1024, three
/// significant digits; exact below 1 KiB). Machine outputs print the exact count instead.
public enum ByteSize {
    public static func human(_ bytes: Int64) -> String {
        if bytes < 0 { return "-" + human(bytes == Int64.min ? Int64.max : -bytes) }
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let digits = value >= 100 ? 0 : (value >= 10 ? 1 : 2)
        var text = String(Int(value.rounded(.down)))
        if digits > 0 {
            let scale = digits == 1 ? 10.0 : 100.0
            let fraction = Int(((value - value.rounded(.down)) * scale).rounded(.down))
            let padded = String(fraction)
            text += "." + String(repeating: "0", count: digits - padded.count) + padded
        }
        return text + " " + units[unit]
    }

    /// A rate in bytes per second, or `-` when not yet known.
    public static func rate(_ bytesPerSecond: Double) -> String {
        guard bytesPerSecond.isFinite, bytesPerSecond >= 0, bytesPerSecond < 9.2e18 else { return "-" }
        return human(Int64(bytesPerSecond)) + "/s"
    }
}
