package app

// What app logs of its own work during a command, as it logs it: serve's log keeps these
// words as they are, and a command that answers and ends says each in its language, looked up
// by them (cmd/klantpuls, say_words.go) — so they are named here once, not retyped there.
const (
	LogEngineFileNotUsed      = "engine file not used, loading from the database"
	LogEngineLoaded           = "engine loaded"
	LogImportPhaseNotRecorded = "import phase not recorded"
	LogRepliesNotScored       = "scoring earlier follow-up replies"
	LogRepliesScored          = "sentiment of earlier follow-up replies stored"
	LogTextsScored            = "sentiment of earlier texts stored"
	LogRescoring              = "scoring earlier texts again by the newer sentiment scorer"
	LogRescored               = "earlier texts scored again by the newer sentiment scorer"
	LogRescoreLeaseKept       = "giving back the lease of scoring earlier texts again"
	LogNamesNotRecorded       = "names of records written by an older release not recorded"
)

// Why an engine file was not used (LogEngineFileNotUsed's why), when it is one of these; a
// damaged file or another database's says which in words of its own.
const (
	WhyNotEngineFile = "not an engine file of this version, or cut short"
	WhyOtherEngine   = "made by another version or under other business hours or themes"
)
