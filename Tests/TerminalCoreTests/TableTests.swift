import TerminalCore
import TerminalTestSupport
import Testing

@Suite struct TableTests {
    let columns = [
        TableColumn("name", width: .fill), TableColumn("loss", width: .fixed(7), alignment: .right),
        TableColumn("user", width: .fixed(6)),
    ]
    let names = ["alpha", "学習-run", "🚀 rocket", "a-very-long-run-name", "\u{1b}[2Jevil", "plain"]

    func table(selected: Int?, offset: Int = 0, marks: Bool = false) -> Table {
        Table(columns: columns, rowCount: names.count, selected: selected, offset: offset, showsMarks: marks)
    }

    func cell(_ row: Int, _ column: Int) -> Span {
        switch column {
        case 0: return Span(names[row])
        case 1: return Span(String(Double(row) * 0.25))
        default: return Span("u\(row)")
        }
    }

    @Test func drawsHeaderRowsAlignmentAndTruncation() {
        var buffer = CellBuffer(size: Size(width: 30, height: 5))
        let offset = table(selected: nil).draw(in: buffer.area, into: &buffer, cell: cell)
        #expect(offset == 0)
        #expect(buffer.text() == """
            name               loss user  
            alpha               0.0 u0    
            学習-run           0.25 u1    
            🚀 rocket           0.5 u2    
            a-very-long-ru…    0.75 u3    
            """)
        #expect(buffer[0, 0].style.attributes == .bold)
    }

    @Test func controlCharactersInCellsAreEscaped() {
        var buffer = CellBuffer(size: Size(width: 30, height: 3))
        table(selected: 4, offset: 4).draw(in: buffer.area, into: &buffer, cell: cell)
        #expect(buffer.text(row: 1) == "\\x1b[2Jevil         1.0 u4    ")
        #expect(buffer.cells.allSatisfy { !$0.text.unicodeScalars.contains(where: SafeText.needsEscape) })
    }

    @Test func selectionStaysVisibleAndIsHighlighted() {
        var buffer = CellBuffer(size: Size(width: 30, height: 3))
        let offset = table(selected: 4).draw(in: buffer.area, into: &buffer, cell: cell)
        #expect(offset == 3)
        #expect(buffer.text(row: 1).hasPrefix("a-very"))
        #expect(buffer[0, 2].style.attributes.contains(.reverse))
        #expect(buffer[29, 2].style.attributes.contains(.reverse))
        #expect(!buffer[0, 1].style.attributes.contains(.reverse))
    }

    @Test func scrollOffsetMovesOnlyAsFarAsNeeded() {
        #expect(Table.scrollOffset(selected: 5, offset: 0, visibleRows: 4, rowCount: 20) == 2)
        #expect(Table.scrollOffset(selected: 3, offset: 2, visibleRows: 4, rowCount: 20) == 2)
        #expect(Table.scrollOffset(selected: 1, offset: 2, visibleRows: 4, rowCount: 20) == 1)
        #expect(Table.scrollOffset(selected: nil, offset: 18, visibleRows: 4, rowCount: 20) == 16)
        #expect(Table.scrollOffset(selected: 99, offset: 0, visibleRows: 4, rowCount: 20) == 16)
        #expect(Table.scrollOffset(selected: 0, offset: 5, visibleRows: 0, rowCount: 20) == 0)
    }

    @Test func marksShowInTheGutter() {
        var buffer = CellBuffer(size: Size(width: 20, height: 3))
        let narrow = Table(columns: [TableColumn("name", width: .fill)], rowCount: 2, showsMarks: true)
        narrow.draw(in: buffer.area, into: &buffer, isMarked: { $0 == 1 }, cell: { row, _ in Span(names[row]) })
        #expect(buffer.text() == "  name              \n  alpha             \n● 学習-run          ")
        #expect(buffer[2, 2].style.attributes.contains(.bold))
    }

    @Test func onlyVisibleRowsAreAsked() {
        var buffer = CellBuffer(size: Size(width: 40, height: 10))
        var asked = Set<Int>()
        let big = Table(columns: columns, rowCount: 20_000, selected: 15_000, offset: 0)
        let offset = big.draw(in: buffer.area, into: &buffer) { row, _ in
            asked.insert(row)
            return Span("run \(row)")
        }
        #expect(offset == 14_992)
        #expect(asked == Set(14_992...15_000))
        #expect(buffer.text(row: 9).hasPrefix("run 15000"))
    }

    @Test func snapshotsAt80x24And160x48() {
        for size in [Size(width: 80, height: 24), Size(width: 160, height: 48)] {
            var buffer = CellBuffer(size: size)
            let runs = Table(
                columns: [
                    TableColumn("", width: .fixed(1)), TableColumn("run", width: .percent(30)),
                    TableColumn("started", width: .fixed(9)), TableColumn("val_loss", width: .fill, alignment: .right),
                    TableColumn("lr", width: .fixed(8), alignment: .right),
                ],
                rowCount: 100, selected: 30, offset: 0, showsMarks: true)
            runs.draw(in: buffer.area, into: &buffer, isMarked: { $0 % 7 == 0 }) { row, column in
                switch column {
                case 0: return Span(row % 3 == 0 ? "✓" : "▶")
                case 1: return Span(row % 5 == 0 ? "学習-\(row)-run-with-a-long-name" : "run-\(row)")
                case 2: return Span("\(row % 60)m ago")
                case 3: return Span(String(1.0 / Double(row + 1)))
                default: return Span("1e-\(row % 5)")
                }
            }
            Snapshot.assert(buffer, named: "table-\(size.width)x\(size.height)", masking: [#"\d+m ago"#])
        }
    }
}
