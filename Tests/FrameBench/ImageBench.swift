import Foundation
import TerminalCore

/// The image preview's half-block cells of a 640 x 480 picture with many colours (a smooth
/// gradient under a fine texture, as a photo or a dense plot has), drawn into the whole of `size`
/// in true colour and in 256 colours: the time of one draw, as every frame of the image room takes
/// it. Prints one JSON line.
func benchmarkImage(size: Size, rounds: Int) {
    let width = 640, height = 480
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    for y in 0..<height {
        for x in 0..<width {
            let i = (y * width + x) * 4
            let texture = (x * 7 + y * 13) % 23
            pixels[i] = UInt8((x * 255 / width + texture) % 256)
            pixels[i + 1] = UInt8((y * 255 / height + 2 * texture) % 256)
            pixels[i + 2] = UInt8(((x + y) * 255 / (width + height) + 3 * texture) % 256)
        }
    }
    guard let image = RGBAImage(width: width, height: height, pixels: pixels) else {
        FileHandle.standardError.write(Data("runboard-framebench: no image\n".utf8))
        exit(1)
    }
    var figures: [String] = []
    for (name, depth) in [("truecolor", ColorDepth.trueColor), ("256", .indexed256)] {
        var samples: [Double] = []
        for _ in 0..<max(3, rounds) {
            var buffer = CellBuffer(size: size)
            let start = DispatchTime.now().uptimeNanoseconds
            HalfBlockImage(image, maxColorPairs: HalfBlockImage.pairBudget(for: depth), depth: depth)
                .draw(in: Rect(x: 0, y: 0, width: size.width, height: size.height), into: &buffer)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        samples.sort()
        figures.append(String(format: "\"%@_median_ms\":%.3f", name, samples[samples.count / 2]))
    }
    print("{\"image\":\"\(width)x\(height)\",\"size\":\"\(size.width)x\(size.height)\"," + figures.joined(separator: ",") + "}")
}
