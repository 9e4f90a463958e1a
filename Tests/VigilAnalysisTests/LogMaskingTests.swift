import Testing
@testable import VigilAnalysis

/// Each built-in mask, on small constructed messages.
@Suite struct LogMaskingTests {
    func masked(_ s: String) -> String { LogTemplateMiner.masked(s) }

    @Test func integersFloatsAndSigns() {
        #expect(masked("retry 3 of 10") == "retry <*> of <*>")
        #expect(masked("load 0.75 delta -27 gain +4") == "load <*> delta <*> gain <*>")
        #expect(masked("took 1.5e3 units") == "took <*> units")
    }

    @Test func hexNumbersAndHexIds() {
        #expect(masked("flags 0x1f set") == "flags <*> set")
        #expect(masked("iar 001064fc dear 0245b64c") == "iar <*> dear <*>")
        #expect(masked("commit a3f9c2e1d4 pushed") == "commit <*> pushed")
        // Words that merely contain a digit or hex letters stay.
        #expect(masked("deadline for ssh2 via SOCKS5 on e820") == "deadline for ssh2 via SOCKS5 on e820")
    }

    @Test func sizesAndDurationsWithUnits() {
        #expect(masked("wrote 10KB in 5ms") == "wrote <*> in <*>")
        #expect(masked("sent 2034 bytes (1.98 KB) ok") == "sent <*> bytes (<*>) ok")
        #expect(masked("lifetime <1 sec") == "lifetime <*>")
        #expect(masked("usage 93 % now") == "usage <*> now")
    }

    @Test func identifiersWithNumericParts() {
        #expect(masked("block blk_-6952295868487656571 done") == "block <*> done")
        #expect(masked("generating core.114") == "generating <*>")
        #expect(masked("node node-129 up") == "node <*> up")
        #expect(masked("Initializing CPU#0") == "Initializing <*>")
    }

    @Test func ipv4WithAndWithoutPort() {
        #expect(masked("from 10.251.73.220:50010 to 192.168.0.1") == "from <*> to <*>")
        #expect(masked("peer 10.0.0.1, retrying") == "peer <*>, retrying")
    }

    @Test func ipv6() {
        #expect(masked("listen on ::1 and fe80::1ff:fe23:4567:890a") == "listen on <*> and <*>")
        #expect(masked("via 2001:db8::ff00:42:8329 up") == "via <*> up")
        #expect(masked("mapped ::ffff:192.0.2.128 ok") == "mapped <*> ok")
    }

    @Test func uuidAndMac() {
        #expect(masked("request 123e4567-e89b-12d3-a456-426614174000 failed") == "request <*> failed")
        #expect(masked("request deadbeef-dead-beef-dead-beefdeadbeef failed") == "request <*> failed")
        #expect(masked("nic 00:1a:2b:3c:4d:5e up") == "nic <*> up")
    }

    @Test func unixWindowsAndURLPaths() {
        #expect(masked("open /etc/httpd/conf/workers2.properties failed") == "open <*> failed")
        #expect(masked("load ./conf/a.yml and ~/x and ../up") == "load <*> and <*> and <*>")
        #expect(masked("read C:\\Users\\bob\\a.txt now") == "read <*> now")
        #expect(masked("GET https://example.com/a/b?x=1&y=2 returned 200") == "GET <*> returned <*>")
        #expect(masked("file conf/sub/a.txt missing") == "file <*> missing")
        // One slash between words is not a path.
        #expect(masked("read/write mode") == "read/write mode")
    }

    @Test func quotedValues() {
        #expect(masked("creating device node '/dev/sda1'") == "creating device node '<*>'")
        #expect(masked("user \"John Smith\" logged in") == "user \"<*>\" logged in")
        #expect(masked("name=\"a b c\" set") == "name=\"<*>\" set")
        // Apostrophes inside words are not quotes.
        #expect(masked("Couldn't authenticate user") == "Couldn't authenticate user")
    }

    @Test func emailAddresses() {
        #expect(masked("mail to alice.smith+ops@example.co.uk sent") == "mail to <*> sent")
        #expect(masked("not@an email") == "not@an email")
    }

    @Test func timestampsAndDates() {
        #expect(masked("at 2005-07-24T02:38:22.123Z done") == "at <*> done")
        #expect(masked("at 2005-07-24 02:38:22,978 done") == "at <*> done")
        #expect(masked("connection at Sun Jul 24 02:38:22 2005") == "connection at <*>")
        #expect(masked("lifetime 00:39 idle") == "lifetime <*> idle")
        #expect(masked("total 1,234,567 rows") == "total <*> rows")
        // A month name on its own, away from a value, is a word.
        #expect(masked("May the service start") == "May the service start")
    }

    @Test func keyValueValues() {
        #expect(masked("uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example") == "uid=<*> euid=<*> tty=<*> ruser= rhost=<*>")
        #expect(masked("headroom=<memory:0, vCores:-27>") == "headroom=<memory:<*>, vCores:<*>>")
    }

    @Test func hostsWithPortsAndHostNames() {
        #expect(masked("proxy.example.com:5070 open through proxy db-1:5432") == "<*> open through proxy <*>")
        #expect(masked("resolve mail.example.com failed") == "resolve <*> failed")
        // Two-label names are too often file or class names to mask.
        #expect(masked("workers2.properties loaded") == "workers2.properties loaded")
    }

    @Test func tokenizationOnDelimiters() {
        #expect(LogTemplateMiner.maskedTokens("pam_unix(sshd:auth): check pass; user unknown")
                == ["pam_unix", "(", "sshd", ":", "auth", ")", ":", "check", "pass", ";", "user", "unknown"])
        #expect(LogTemplateMiner.maskedTokens("a=1,b=[x]") == ["a", "=", "<*>", ",", "b", "=", "[", "x", "]"])
        #expect(LogTemplateMiner.maskedTokens("depth.......0") == ["depth", ".......", "<*>"])
    }

    @Test func adjacentValuesCollapseAndEmptyGroupsAreValues() {
        #expect(masked("speeds 3552 3534 3391 ok") == "speeds <*> ok")
        #expect(masked("connection from 1.2.3.4 () at x") == "connection from <*> (<*>) at x")
        #expect(masked("jk2_init() Found") == "jk2_init() Found")
    }
}
