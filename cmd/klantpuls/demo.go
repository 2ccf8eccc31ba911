package main

type demoCmd struct {
	Seed uint64 `default:"1" help:"Seed of the generator: the same seed gives the same data."`
}

func (c *demoCmd) Run(e *env) error { return nil }
