package etl

import "fmt"

// stepChain is a pipeline's steps bound to their columns.
type stepChain struct {
	out   Columns
	apply []func(*Record) error
}

func bindSteps(in Columns, steps []Step) (*stepChain, error) {
	c := &stepChain{out: in}
	for i, s := range steps {
		out, fn, err := s.Bind(c.out)
		if err != nil {
			return nil, fmt.Errorf("step %d (%s): %w", i+1, s.Name(), err)
		}
		c.out = out
		c.apply = append(c.apply, fn)
	}
	return c, nil
}

func (c *stepChain) run(rec *Record) error {
	for _, fn := range c.apply {
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}
