import Foundation
import XCTest
@testable import Lang

/// The file layer's mechanisms: buffering and closing, newline modes, decoding errors, the
/// OSError family and the path rules, each checked against what CPython 3.11 does.
final class FileTests: XCTestCase {
    var folder: URL!
    var previous: String = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tcalc-filetests-\(getpid())-\(name.hashValue)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder.path))
    }

    override func tearDownWithError() throws {
        _ = FileManager.default.changeCurrentDirectoryPath(previous)
        try FileManager.default.removeItem(at: folder)
    }

    func testDroppedFileIsFlushedAndClosed() throws {
        // CPython closes a file whose last reference goes; the buffered text must reach the disk.
        XCTAssertEqual(output("n = open('a.txt', 'w').write('kept')\nprint(open('a.txt').read())"), "kept\n")
        let s: Session = Session()
        _ = s.run("f = open('b.txt', 'w')\nf.write('x' * 100)")
        XCTAssertEqual(try String(contentsOfFile: "b.txt", encoding: .utf8), "", "still buffered while f is bound")
        _ = s.run("f = None")
        XCTAssertEqual(try String(contentsOfFile: "b.txt", encoding: .utf8).count, 100)
    }

    func testWithClosesWhenTheBodyRaises() {
        XCTAssertEqual(output("""
            try:
                with open('c.txt', 'w') as f:
                    n = f.write('partial')
                    1 / 0
            except ZeroDivisionError:
                print(f.closed, open('c.txt').read())
            """), "True partial\n")
    }

    func testManyOpenFilesDoNotRunOutOfDescriptors() {
        XCTAssertEqual(output("open('d.txt', 'w').close()\nfor i in range(5000):\n    f = open('d.txt')\nprint('ok')"), "ok\n")
    }

    func testNewlineModes() throws {
        try Data("a\r\nb\rc\nd".utf8).write(to: URL(fileURLWithPath: "n.txt"))
        XCTAssertEqual(eval("open('n.txt').readlines()"), "['a\\n', 'b\\n', 'c\\n', 'd']")
        XCTAssertEqual(eval("open('n.txt', newline='').readlines()"), "['a\\r\\n', 'b\\r', 'c\\n', 'd']")
        XCTAssertEqual(eval("open('n.txt', newline='\\n').readlines()"), "['a\\r\\n', 'b\\rc\\n', 'd']")
        XCTAssertEqual(eval("open('n.txt', newline='\\r').readlines()"), "['a\\r', '\\nb\\r', 'c\\nd']")
        XCTAssertEqual(eval("open('n.txt', newline='\\r\\n').readlines()"), "['a\\r\\n', 'b\\rc\\nd']")
        XCTAssertEqual(eval("open('n.txt').read(3)"), "'a\\nb'")
    }

    func testCharactersAreCountedAsCodePoints() throws {
        try Data("né€😀x".utf8).write(to: URL(fileURLWithPath: "u.txt"))
        XCTAssertEqual(output("f = open('u.txt')\nprint(f.read(2), f.tell(), f.read(2), f.read())"), "né 3 €😀 x\n")
        XCTAssertEqual(eval("open('w.txt', 'w').write('né😀')"), "3")
    }

    func testInvalidUTF8NamesTheByteAndReason() {
        XCTAssertEqual(TextCodec.firstInvalidUTF8([0x61, 0xFF])?.1, "invalid start byte")
        XCTAssertEqual(TextCodec.firstInvalidUTF8([0x61, 0xC3, 0x28])?.0, 1)
        XCTAssertEqual(TextCodec.firstInvalidUTF8([0xC3, 0x28])?.1, "invalid continuation byte")
        XCTAssertEqual(TextCodec.firstInvalidUTF8([0xE2, 0x82])?.1, "unexpected end of data")
        XCTAssertEqual(TextCodec.firstInvalidUTF8([0xED, 0xA0, 0x80])?.1, "invalid continuation byte", "a surrogate")
        XCTAssertNil(TextCodec.firstInvalidUTF8(Array("né€😀".utf8)))
    }

    func testOSErrorConstructionAsCPython() {
        XCTAssertEqual(eval("OSError(2, 'x')"), "FileNotFoundError(2, 'x')")
        XCTAssertEqual(eval("str(OSError(13, 'Permission denied', 'f'))"), "\"[Errno 13] Permission denied: 'f'\"")
        XCTAssertEqual(eval("str(OSError(1, 'a', 'b', None, 'd'))"), "\"[Errno 1] a: 'b' -> 'd'\"")
        XCTAssertEqual(eval("OSError('hi').errno is None, str(OSError('hi'))"), "(True, 'hi')")
        XCTAssertEqual(eval("isinstance(FileNotFoundError(2, 'x'), OSError), IOError is OSError"), "(True, True)")
        XCTAssertEqual(eval("isinstance(FileExistsError(17, 'File exists'), OSError)"), "True")
    }

    func testErrnoMapsToTheSubclass() {
        XCTAssertTrue(ExceptionTypes.osErrorClass(forErrno: ENOENT) === ExceptionTypes.fileNotFoundError)
        XCTAssertTrue(ExceptionTypes.osErrorClass(forErrno: EACCES) === ExceptionTypes.permissionError)
        XCTAssertTrue(ExceptionTypes.osErrorClass(forErrno: ENOTEMPTY) === ExceptionTypes.osError)
    }

    func testPathRulesMatchPosixpath() {
        XCTAssertEqual(OSPath.normalize("//a//b/../c/."), "//a/c")
        XCTAssertEqual(OSPath.normalize("///x"), "/x")
        XCTAssertEqual(OSPath.normalize("../../a/.."), "../..")
        XCTAssertEqual(OSPath.normalize("/.."), "/")
        XCTAssertEqual(OSPath.normalize(""), ".")
        XCTAssertTrue(OSPath.split("//a//b") == ("//a", "b"))
        XCTAssertTrue(OSPath.split("/") == ("/", ""))
        XCTAssertTrue(OSPath.splitExtension("a..") == ("a.", "."))
        XCTAssertTrue(OSPath.splitExtension("..") == ("..", ""))
        XCTAssertTrue(OSPath.splitExtension("a/.b.c") == ("a/.b", ".c"))
        XCTAssertEqual(OSPath.join("a", "/b"), "/b")
        XCTAssertEqual(OSPath.expandUser("x~"), "x~")
    }

    func testProgramsAreRefused() {
        XCTAssertEqual(eval("import os\nhasattr(os, 'system'), hasattr(os, 'getcwd')"), "(False, True)")
        XCTAssertTrue(output("import subprocess").contains("tcalc runs no programs"))
        XCTAssertTrue(output("from os import fork").contains("tcalc runs no programs"))
    }
}
