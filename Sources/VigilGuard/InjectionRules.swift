/// The rule families of the injection classifier. They describe general forms of injected
/// instructions (no phrase from any evaluation corpus): text that tries to override the reader's
/// instructions, poses as a conversation turn or a chat-template delimiter, addresses an AI
/// reader, dictates what its answer must contain, smuggles tool calls, markup or code, or asks
/// for data to be sent somewhere. Patterns see the homoglyph-folded, lowercased text.
enum InjectionRules {
    // Shared vocabulary.
    static let outputNoun = "(?:reply|replies|response|responses|answer|answers|output|message|summary|explanation|result|elucidation)"
    static let directiveVerb = "(?:add|include|integrate|insert|append|incorporate|embed|encode|encrypt|translate|render|reverse|rewrite|write|modify|change|alter|enhance|augment|enrich|supplement|use|provide|express|mention|format|begin|start|end|finish|conclude|say|state|output|print|repeat|convert|display|shift|replace|substitute|put|make|ensure|remember|respond|reply|answer|present|deliver|give|phrase|craft|compose|structure|spread|promote|advertise|recommend|suggest|hint|allude|reference|refer|weave|infuse|inject|slip|highlight|emphasi[sz]e|announce|tell|invert|prefix|sign|close|open)"
    static let language = "(?:english|french|german|spanish|italian|portuguese|chinese|mandarin|japanese|russian|korean|arabic|hindi|dutch|swedish|polish|turkish|greek|latin|hebrew|vietnamese|thai|indonesian|danish|norwegian|finnish|czech|ukrainian)"
    static let transform = "(?:reverse|backwards?|emojis?|base\\s?\\d+|hex\\w*|binary|morse|caesar|cipher|rot-?13|upper ?case|lower ?case|pig latin|leet\\w*|\(language))"
    static let sensitive = "(?:passwords?|passwd|credentials?|secrets?|api[ _-]?keys?|access[ _-]?keys?|secret[ _-]?keys?|private[ _-]?keys?|session[ _-]?tokens?|auth\\w* tokens?|bearer tokens?|tokens|cookies?|ssh keys?|env(?:ironment)? var\\w*|system prompt|(?:chat|conversation) history|bank (?:details|account\\w*)|credit card\\w*|card numbers?|social security)"
    static let aiReader = "(?:ai|a\\.i\\.|artificial intelligence|assistant|llm|large language model|language model|chatbot|chat bot|bot|agent|model|gpt|copilot|autopilot)"
    static let clauseStart = "(?:^|[\\n.!?;:]\\s*|,\\s+|\\bthen\\s+|\\band\\s+|\\bto\\s+)"

    static let rules: [PatternRule] = [
        // 1. Overriding the reader's instructions.
        PatternRule("override-instructions", 0.9,
            "\\b(?:ignore|disregard|forget|skip|override|bypass|neglect|discard|drop)\\b[^.\\n]{0,40}?\\b(?:previous|prior|above|earlier|preceding|former|foregoing|other|all|any|your|the rest|remaining|this|these|those|system|original|initial)\\b[^.\\n]{0,30}?\\b(?:instructions?|directions?|directives?|guidance|advice|orders|prompts?|rules|guidelines|guardrails|safeguards|restrictions|training|content|context|data|text|messages?|input|constraints|polic(?:y|ies)|commands?|tasks?|programming|information|records?)\\b",
            anchors: ["ignor", "disregard", "forget", "skip", "overrid", "bypass", "neglect", "discard", "drop"]),
        PatternRule("override-instructions", 0.8,
            "\\b(?:new|updated|real|actual|hidden|secret|revised|true|additional|important|urgent)\\s+(?:instructions?|task|directive|orders|assignment)\\s*(?::|-|follows|are|is)",
            anchors: ["instruction", "task", "directive", "orders", "assignment"]),
        PatternRule("override-instructions", 0.6, "\\bfrom now on\\b|\\bstarting now,|\\byou (?:are|will) now\\b|\\byou must now\\b",
            anchors: ["now"]),
        PatternRule("override-instructions", 0.8,
            "\\byour (?:new |real |actual |only )?(?:task|job|goal|role|instructions?|objective|purpose|mission) (?:is|are|will be|now)\\b",
            anchors: ["your"]),
        PatternRule("override-instructions", 0.8,
            "\\b(?:do not|don't|never) (?:tell|inform|mention|reveal|alert|notify|warn|show) (?:this to )?(?:the )?(?:user|operator|human|admin|administrator|engineer|on-?call|anyone)\\b",
            anchors: ["do not", "don't", "never"]),
        PatternRule("override-instructions", 0.6, "\\b(?:system|developer|hidden|initial|original) prompt\\b|\\bjailbreak|\\bdan mode\\b|\\bdeveloper mode\\b",
            anchors: ["prompt", "jailbreak", "dan mode", "developer mode"]),
        PatternRule("persona-change", 0.5,
            "\\b(?:pretend|imagine) (?:to be|you are|that you)\\b|\\b(?:act|behave|respond|answer) as (?:if you were |though you were )?(?:an? |my )?(?:unrestricted|unfiltered|evil|different|new|hacker|admin|administrator|root|\(aiReader))\\b",
            anchors: ["pretend", "imagine", " as "]),

        // 2. Role and delimiter spoofing: fake turns, chat-template tokens, instruction tags.
        PatternRule("role-spoofing", 0.85,
            "(?:^|[\\[<({|*\"'`]|:\\s|\\s{2})\\s*(?:system|assistant|admin|administrator|developer|sysadmin)(?:\\s+(?:message|request|prompt|note|instruction|instructions|override|command|notice|update))?\\s*(?::{1,2}|\\]|>)",
            anchors: ["system", "assistant", "admin", "developer"]),
        PatternRule("role-spoofing", 0.7, "^\\s*(?:user|human|ai|bot|model|gpt|claude)\\s*:\\s*\\S[^\\n]{8,}",
            anchors: ["user", "human", "ai", "bot", "model", "gpt", "claude"]),
        PatternRule("delimiter-spoofing", 0.95,
            "<\\|[a-z_]{2,30}\\|>|\\[/?inst\\]|<</?sys>>|<\\s*/?\\s*(?:instructions?|system|assistant|user|human|prompt|sys|im_start|im_end|tool|tools|tool_call|tool_result|function_call|function_calls|function_results|invoke|parameter|command|admin)\\b[^>\\n]{0,40}>",
            anchors: ["<", "[inst]", "[/inst]"]),
        PatternRule("delimiter-spoofing", 0.8,
            "^\\s*#{2,}\\s*(?:instructions?|system|response|assistant|user|human|new task|task)\\b|^\\s*-{3,}\\s*(?:end of|begin|start of)\\b[^\\n]{0,30}\\b(?:prompt|instructions?|context|document|data|input)\\b|\\b(?:end|begin) of (?:the )?(?:system )?(?:prompt|instructions|context|user input)\\b",
            anchors: ["##", "---", "end of", "begin of"]),

        // 3. Text addressed to an AI reader.
        PatternRule("addresses-ai", 0.6,
            "\\b(?:dear|attention|note to|hey|hello|hi|to)\\s*,?\\s*(?:the |any |all )?(?:\(aiReader)s?\\b\\s*){1,3}[,:!]|\\b(?:as an?|you are an?|if you are an?|you're an?|if you're an?)\\s+(?:ai|artificial intelligence|assistant|language model|llm|chatbot|ai agent|ai model|automated agent|automated assistant|sre agent)\\b",
            anchors: ["ai", "a.i.", "artificial", "assistant", "llm", "model", "bot", "agent", "gpt", "pilot"]),
        PatternRule("addresses-ai", 0.6,
            "\\b(?:ai|llm|language model|gpt|chatbot)s?(?: assistants?| agents?| models?| systems?)?\\b[^.\\n]{0,40}\\b(?:reading|processing|summari[sz]ing|analy[sz]ing|reviewing) this\\b|\\b(?:ai|llm) (?:assistant|agent|model)s?\\b[^.\\n]{0,30}\\b(?:must|should|shall|are instructed|need to)\\b",
            anchors: ["ai", "llm", "language model", "gpt", "chatbot"]),

        // 4. Dictating the reader's answer.
        PatternRule("output-manipulation", 0.8,
            "\(clauseStart)(?:please\\s+|kindly\\s+|also\\s+|now\\s+|always\\s+)?(?:do not |don't |never )?\(directiveVerb)\\b[^\\n.?!]{0,100}?\\b(?:your|the)\\s+(?:\\w+\\s+)?\(outputNoun)\\b",
            anchors: ["repl", "respons", "answer", "output", "message", "summar", "explanation", "result", "elucidation"]),
        PatternRule("output-manipulation", 0.7, "\\b(?:in|to|into|within|throughout|at the (?:start|end|beginning) of|with) your (?:\\w+\\s+)?(?:reply|replies|response|responses|answer|answers|output)\\b",
            anchors: ["your"]),
        PatternRule("output-manipulation", 0.35, "\\byour (?:reply|response|answer|output)\\b",
            anchors: ["your"]),
        PatternRule("output-manipulation", 0.7,
            "\\b(?:reply|respond|answer|write|translate|render|provide|express|present|give|display|output|communicate|type)\\b[^.\\n]{0,40}?\\b(?:in|using|into|with|to|as)\\s+(?:a |an |the )?\(transform)\\b",
            anchors: ["revers", "backward", "emoji", "base", "hex", "binary", "morse", "caesar", "cipher", "rot", "upper", "lower", "pig latin", "leet", "english", "french", "german", "spanish", "italian", "portuguese", "chinese", "mandarin", "japanese", "russian", "korean", "arabic", "hindi", "dutch", "swedish", "polish", "turkish", "greek", "latin", "hebrew", "vietnamese", "thai", "indonesian", "danish", "norwegian", "finnish", "czech", "ukrainian"]),
        PatternRule("output-manipulation", 0.5,
            "\\b(?:encode|encrypt|cipher|obfuscate|shift)\\b[^.\\n]{0,50}?\\b(?:base\\s?\\d+|caesar|cipher|rot-?13|hex\\w*|binary|morse|positions?|shift of)\\b",
            anchors: ["encod", "encrypt", "cipher", "obfuscat", "shift"]),
        PatternRule(framed: "reader-request", 0.5,
            "\\b(?:can|could|would) you (?:please |kindly )?(?:reply|respond|answer|write|translate|provide|express|render|invert|reverse|encode|use|display|summari[sz]e|repeat|print|say|output|list|explain|describe|give|tell|show|recommend|suggest|classify|determine|analy[sz]e|help me|compose|generate|draft)\\b[^.\\n?]{0,150}\\?",
            anchors: ["can you", "could you", "would you"]),
        PatternRule(framed: "reader-request", 0.5,
            "^[ \\t>*-]*(?:please\\s+)?(?:recommend|summari[sz]e|provide|show me|tell me|give me|determine|analy[sz]e|classify|write|explain|describe|list|suggest|translate|generate|compose|create|draft|calculate|compare|identify|outline|predict|teach me|help me|brainstorm|propose|rank)\\b(?:[ \\t]+[^\\s|:]+){3,}[^\\n|]*?[ \\t]*[.!?'\"]*[ \\t]*$",
            anchors: ["recommend", "summari", "provide", "show me", "tell me", "give me", "determine", "analy", "classify", "write", "explain", "describe", "list", "suggest", "translate", "generate", "compose", "create", "draft", "calculate", "compare", "identify", "outline", "predict", "teach me", "help me", "brainstorm", "propose", "rank"]),
        PatternRule(framed: "reader-request", 0.5,
            "^[ \\t>*-]*(?:what|how|why|which|who|whom|is|are|can|could|should|does|do|would|will)\\b(?:[ \\t]+[^\\s|?]+){3,}[^\\n|]*\\?[^\\n|]{0,200}$",
            anchors: ["?"]),

        // 5. Verdict manipulation: the data vouching for itself.
        PatternRule("verdict-manipulation", 0.45,
            "\\b(?:this|the|all|everything|these)\\s+(?:\\w+\\s+){0,2}(?:is|are)\\s+(?:clearly\\s+|definitely\\s+|certainly\\s+|absolutely\\s+|completely\\s+|totally\\s+|entirely\\s+|perfectly\\s+)?(?:not (?:malicious|suspicious|a threat|an incident|harmful|dangerous|relevant|the (?:root )?cause)|safe|benign|harmless|legitimate|trustworthy|a false positive|expected behaviou?r|nothing to worry about)\\b",
            anchors: ["malicious", "suspicious", "threat", "incident", "harmful", "dangerous", "relevant", "cause", "safe", "benign", "harmless", "legitimate", "trustworthy", "false positive", "expected behavio", "nothing to worry"]),
        PatternRule("verdict-manipulation", 0.7,
            "\\b(?:print|output|say|respond with|reply with|answer with|return|report|write|state|conclude|classify (?:it|this|them) as|mark (?:it|this|them) as|label (?:it|this|them) as)\\s+(?:that\\s+)?['\"<*]?(?:(?:the|this|these|it)\\s+(?:\\w+\\s+){0,2}(?:is|are)\\s+)?(?:not malicious|safe|benign|clean|harmless|legitimate|no issues?|resolved|a false positive)\\b",
            anchors: ["malicious", "safe", "benign", "clean", "harmless", "legitimate", "no issue", "resolved", "false positive"]),
        PatternRule("urgency", 0.3,
            "\\b(?:this is|it is|it's)\\s+(?:really |very |extremely |critically |super |highly |absolutely )?(?:important|critical|urgent|crucial|vital)\\b|\\bcritical to my (?:career|job)\\b|\\*{3}[^*\\n]{3,80}\\*{3}",
            anchors: ["important", "critical", "urgent", "crucial", "vital", "***"]),

        // 6. Tool-call and markup smuggling.
        PatternRule("tool-call-smuggling", 0.8,
            "\"(?:tool_calls?|function_call|tool_use|tool_name)\"\\s*:|\\{\\s*\"(?:name|tool|function|action)\"\\s*:\\s*\"[^\"]{1,80}\"\\s*,\\s*\"(?:arguments|parameters|args|input|params)\"\\s*:",
            anchors: ["\"tool", "\"function", "\"name", "\"action"]),
        PatternRule("tool-call-smuggling", 0.6,
            "\\b(?:call|invoke|run|execute|use|trigger)\\s+(?:the\\s+)?[`'\"]?[a-z_][a-z0-9_.-]{2,40}[`'\"]?\\s+(?:tool|function|api|endpoint|action|plugin)\\b(?:\\s+(?:with|to|on|and)\\b)",
            anchors: ["tool", "function", "api", "endpoint", "action", "plugin"]),
        PatternRule("markup-smuggling", 0.9, "<script\\b|<iframe\\b|\\bjavascript:|<object\\b|<embed\\b|<svg\\b[^>]{0,80}\\bon\\w+\\s*=",
            anchors: ["<script", "<iframe", "javascript:", "<object", "<embed", "<svg"]),
        PatternRule("markup-smuggling", 0.6, "<img\\b[^>]{0,200}\\bsrc\\s*=|\\bon(?:error|load|click|mouseover|focus)\\s*=\\s*['\"]",
            anchors: ["<img", "onerror", "onload", "onclick", "onmouseover", "onfocus"]),
        PatternRule("exfiltration", 0.9, "!\\[[^\\]\\n]{0,100}\\]\\(\\s*https?://[^)\\s]{1,300}[?&][^)\\s]{0,300}=[^)\\s]{0,300}\\)",
            anchors: ["!["]),
        PatternRule("markup-smuggling", 0.5, "!\\[[^\\]\\n]{0,100}\\]\\(\\s*https?://",
            anchors: ["!["]),

        // 7. Exfiltration.
        PatternRule("exfiltration", 0.6,
            "\\b(?:send|post|upload|forward|e-?mail|mail|transmit|exfiltrate|leak|share|submit|copy|paste|attach|dump|export|reveal|disclose|print|output|include|including|list|containing|contains)\\b[^.\\n]{0,60}?\\b(?:all |the |your |any |their |its )?\(sensitive)\\b(?!\\s*manager)",
            anchors: ["password", "passwd", "credential", "secret", "api", "key", "token", "cookie", "env", "prompt", "history", "bank", "credit card", "card number", "social security"]),
        PatternRule("exfiltration", 0.45,
            "\\b(?:send|post|upload|forward|e-?mail|transmit|exfiltrate|leak|share|submit|copy|report|deliver)\\b(?!\\s*:)[^.\\n]{0,80}?\\b(?:to|into|via)\\s+(?:https?://\\S+|www\\.\\S+|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+|[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|io|ru|cn|xyz|info|biz|top|me|co)\\b)",
            anchors: ["http", "www.", "@", ".co", ".net", ".org", ".io", ".ru", ".cn", ".xyz", ".info", ".biz", ".top", ".me"]),
        PatternRule("exfiltration", 0.9, "\\b(?:curl|wget)\\b[^|\\n]{0,200}\\|\\s*(?:sudo\\s+)?(?:ba|z|k)?sh\\b",
            anchors: ["curl", "wget"]),
    ]

    /// Directive to fold a block of code into the reader's work (paired with `codePayload`).
    static let codeDirective = PatternRule("code-smuggling", 0.45,
        "\\b(?:add|include|append|incorporate|integrate|embed|insert|merge|blend|use|utili[sz]e|employ|introduce|feature|implement|weave|assimilate|supplement\\w*|consider|ensure|validate|let)\\b[^\\n]{0,80}?\\b(?:code|snippet|excerpt|block|section)\\b[^\\n]{0,80}?\\b(?:your|the)\\s+(?:\\w+\\s+)?(?:code\\w*|implementation|solution|algorithm|program|response|answer|script|project|logic|function|elucidation|architecture|foundation|functionality|app\\w*)\\b|\\b(?:your|the)\\s+(?:code\\w*|implementation|solution|algorithm|program|script|project)\\b[^\\n]{0,80}?\\b(?:following|below|subsequent|this)\\s+(?:code|snippet|excerpt|block|section)\\b",
            anchors: ["code", "snippet", "excerpt", "block", "section"])

    /// Kinds of dangerous operations in embedded code; each kind found adds weight.
    static let codePayload: [PatternRule] = [
        PatternRule("code-payload:process", 0.3,
            "\\b(?:os\\.system|os\\.popen|subprocess\\.(?:call|run|popen|check_output|check_call)|pexpect\\.spawn|runtime\\.getruntime\\(\\)\\.exec|child_process|shell_exec|popen\\()",
            anchors: ["os.system", "os.popen", "subprocess", "pexpect", "getruntime", "child_process", "shell_exec", "popen("]),
        PatternRule("code-payload:network", 0.3,
            "\\brequests\\.(?:post|put|get)\\(|\\burllib\\.request|\\.connect\\(\\s*\\(|socket\\.socket\\(|\\bhttp\\.client\\b|\\bfetch\\(\\s*['\"]https?:|\\.listen\\(|\\bstart_server\\(|\\bopen_connection\\(|\\w+endpoint\\(|\\bscp\\b|\\brsync\\b|\\bssh\\s+-[lrd]\\b|\\bscapy\\b",
            anchors: ["requests.", "urllib", "connect(", "socket", "http.client", "fetch(", "listen(", "start_server", "open_connection", "endpoint(", "scp", "rsync", "ssh", "scapy"]),
        PatternRule("code-payload:destructive", 0.35,
            "rmtree\\(\\s*['\"]/['\"]|\\brm\\s+-rf\\s+/|\\bmkfs\\b|\\bdd\\s+if=|\\bformat\\s+c:|/boot/|\\bsudo\\s+(?:reboot|shutdown|rm)\\b|ipconfig\\s*/release|\\.disable\\(\\)|\\bdel\\s+/[sfq]\\b|:\\(\\)\\s*\\{\\s*:\\|:&\\s*\\};:",
            anchors: ["rmtree", "-rf", "mkfs", "if=", "format", "/boot/", "sudo", "ipconfig", ".disable()", "del", ":|:&"]),
        PatternRule("code-payload:remote-exec", 0.35,
            "\\bpickle\\.loads\\(|\\bnc\\s+-e\\b|/bin/(?:ba)?sh\\s+-i\\b|\\bos\\.dup2\\(|\\beval\\(\\s*(?:requests|urllib|base64)|\\bexec\\(\\s*(?:requests|urllib|base64)",
            anchors: ["pickle", "-e", "/bin/", "os.dup2", "eval(", "exec("]),
        PatternRule("code-payload:surveillance", 0.3, "\\bscreenshot|\\bclipboard|\\bkeylog|\\bpynput\\b|\\bscreencapture\\b|\\bgeocoder\\b",
            anchors: ["screenshot", "clipboard", "keylog", "pynput", "screencapture", "geocoder"]),
        PatternRule("code-payload:ransom", 0.3, "\\b(?:fernet|aes\\.new|cipher\\()[\\s\\S]{0,400}\\.write\\(",
            anchors: ["fernet", "aes.new", "cipher("]),
        PatternRule("code-payload:flood", 0.3, "while\\s+true\\s*:[\\s\\S]{0,300}\\b(?:requests\\.|send|connect|ping|curl|multiprocessing|append)",
            anchors: ["while"]),
    ]

    /// Write operations of AWS named in a directive ("call DeleteStack"); matched with case.
    static let awsWriteDirective = PatternRule("aws-write-request", 0.8,
        "\\b(?:[Cc]all|[Ii]nvoke|[Rr]un|[Ee]xecute|[Pp]erform|[Tt]rigger|[Ii]ssue|[Uu]se|[Ss]end)\\s+(?:the\\s+)?[`'\"]?(?:aws\\s+[a-z0-9-]+\\s+)?(?:Delete|Terminate|Stop|Reboot|Detach|Revoke|Disable|Remove|Put|Update|Modify|Create|Attach|Authorize|Deregister|Purge|Reset|Restore|Start|Run|Invoke|Set|Replace|Cancel|Rotate|Scale)[A-Z][A-Za-z]{2,}\\b",
        caseSensitive: true,
            anchors: ["Delete", "Terminate", "Stop", "Reboot", "Detach", "Revoke", "Disable", "Remove", "Put", "Update", "Modify", "Create", "Attach", "Authorize", "Deregister", "Purge", "Reset", "Restore", "Start", "Run", "Invoke", "Set", "Replace", "Cancel", "Rotate", "Scale"])
    static let awsCLIWrite = PatternRule("aws-write-request", 0.6,
        "\\baws\\s+[a-z0-9-]{2,30}\\s+(?:delete|terminate|stop|reboot|detach|revoke|disable|remove|put|update|modify|create|attach|authorize|deregister|purge|reset|run|invoke|set|replace|cancel)-[a-z-]{2,}",
            anchors: ["aws"])
}
