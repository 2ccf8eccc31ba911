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

// Why an engine file was not used (LogEngineFileNotUsed's why): one of these, alone or followed
// by its detail — ": " and an error of the system's, or " (" and ids and change numbers, words
// of no language — so a command says the reason in its language and the detail as it is.
const (
	WhyNotEngineFile = "not an engine file of this version, or cut short"
	WhyOtherEngine   = "made by another version or under other business hours or themes"
	WhyUnreadable    = "unreadable"                               // ": " the system's error
	WhyNoDatabaseID  = "the database's id cannot be read or made" // ": " the database's error
	WhyOtherDatabase = "made of another database"                 // " (id FILE'S ≠ THIS ONE'S)"
	WhyDamaged       = "damaged"                                  // ": " the engine's error
	WhyHeadUnread    = "damaged: its head's change is not readable"
	WhyHeadColumns   = "damaged: its head and its columns name different changes" // " (HEAD ≠ COLUMNS)"
	WhyAhead         = "ahead of the database's changes: was the database restored from a backup?"
	WhyOtherHistory  = "not of this database's history: it was made after a change the database " +
		"does not hold; was the database put back from a copy of its file?" // " (KIND "KEY", CHANGE)"
)
