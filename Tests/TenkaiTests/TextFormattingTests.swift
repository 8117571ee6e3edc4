import Testing

import TenkaiCore

@Suite struct TextFormattingTests {
    @Test(arguments: [
        (1.25, 1, "1.3"), (0.04, 1, "0.0"), (7, 0, "7"), (2.5, 0, "3"), (1234.5678, 2, "1234.57"),
        (0.005, 3, "0.005"), (-3.14159, 2, "-3.14"), (-0.001, 1, "0.0"), (99.96, 1, "100.0"),
    ] as [(Double, Int, String)])
    func fixedDecimalsRoundLikePrintf(value: Double, digits: Int, expected: String) {
        #expect(value.fixed(digits) == expected)
    }

    @Test func paddingCutsOrFills() {
        #expect("app".padded(to: 5) == "app  ")
        #expect("network".padded(to: 3) == "net")
        #expect("1.5".leftPadded(to: 6) == "   1.5")
        #expect("123456".leftPadded(to: 3) == "123456")
    }
}
