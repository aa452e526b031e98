import Testing
import TerminalCore

@Suite struct ByteSizeTests {
    @Test func sizesReadAsPeopleExpect() {
        #expect(ByteSize.human(0) == "0 B")
        #expect(ByteSize.human(1023) == "1023 B")
        #expect(ByteSize.human(1024) == "1.00 KiB")
        #expect(ByteSize.human(1536) == "1.50 KiB")
        #expect(ByteSize.human(50 * 1024 * 1024) == "50.0 MiB")
        #expect(ByteSize.human(1023 * 1024 * 1024) == "1023 MiB")
        #expect(ByteSize.human(Int64.max) == "8.00 EiB")
        #expect(ByteSize.human(-2048) == "-2.00 KiB")
        #expect(ByteSize.human(Int64.min) == "-8.00 EiB")
        #expect(ByteSize.rate(2 * 1024 * 1024) == "2.00 MiB/s")
        #expect(ByteSize.rate(.nan) == "-" && ByteSize.rate(.infinity) == "-" && ByteSize.rate(-1) == "-")
    }
}
