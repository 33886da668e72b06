package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/warehouse-loader/loader/repository/driver"
)

// MySQL user locks are exclusive only; the warehouse lock, shared by runs
// and exclusive for migrations, is built from them:
//
//   - a reader (a run) holds one of readerSlots slot locks, taken while the
//     writer gate is free (checked after the slot is taken, so a writer
//     that took the gate meanwhile sees the slot busy);
//   - a writer (a migration) holds the gate, which keeps new readers out
//     while it waits, then every slot, which it gets once the readers
//     holding one are gone.
//
// A reader and a writer can never both hold a slot, so never both the
// lock. readerSlots bounds the runs at once on one warehouse.
const readerSlots = 64

// ErrRunSlotsHeld is a run refused because readerSlots runs hold the
// warehouse already, while no migration wants it.
var ErrRunSlotsHeld = fmt.Errorf("all %d run slots of this warehouse are held: wait for a run to finish, or pass --wait to wait for one", readerSlots)

// slotSeq spreads the readers of this process over the slots.
var slotSeq atomic.Uint32

func (c *lockConn) gate() string      { return c.name("warehouse", "gate") }
func (c *lockConn) slot(i int) string { return c.name("warehouse", fmt.Sprintf("r%d", i)) }

func (c *lockConn) slots() []string {
	out := make([]string, readerSlots)
	for i := range out {
		out[i] = c.slot(i)
	}
	return out
}

// LockWarehouse takes the warehouse shared (a run) or exclusive (a
// migration) on a connection held until release. A refusal wraps ErrInUse
// (exclusive) or ErrSchemaChanging (shared); with wait, it waits until ctx
// ends.
func (Driver) LockWarehouse(ctx context.Context, db *sql.DB, _ driver.Config, exclusive, wait bool) (func(), error) {
	c, err := openLock(ctx, db)
	if err != nil {
		return nil, wrap(err)
	}
	if exclusive {
		err = c.lockExclusive(ctx, wait)
	} else {
		err = take(ctx, wait, c.trySlot, func(ctx context.Context) ([]string, error) { return c.holders(ctx, c.gate()) })
	}
	if err != nil {
		full := c.slotsFull
		c.release()
		if err = driver.Locked(err); full && errors.Is(err, driver.ErrLocked) {
			return nil, fmt.Errorf("locking the warehouse: %w", ErrRunSlotsHeld)
		}
		return nil, fmt.Errorf("locking the warehouse: %w", driver.WarehouseRefusal(exclusive, err))
	}
	return c.release, nil
}

// trySlot takes a free reader slot while the gate is free; slotsFull
// tells whether it last found the gate free and every slot held.
func (c *lockConn) trySlot(ctx context.Context) (bool, error) {
	c.slotsFull = false
	if free, err := c.free(ctx, c.gate()); err != nil || !free {
		return false, err
	}
	start := int(slotSeq.Add(1) % readerSlots)
	for j := range readerSlots {
		name := c.slot((start + j) % readerSlots)
		got, err := c.try(ctx, name)
		if err != nil {
			return false, err
		}
		if !got[0] {
			continue
		}
		if free, err := c.free(ctx, c.gate()); err != nil || !free {
			return false, joinErr(err, c.unlock(ctx, name))
		}
		return true, nil
	}
	c.slotsFull = true
	return false, nil
}

// lockExclusive takes the gate, then every slot.
func (c *lockConn) lockExclusive(ctx context.Context, wait bool) error {
	gate := c.gate()
	err := take(ctx, wait, func(ctx context.Context) (bool, error) {
		got, err := c.try(ctx, gate)
		return err == nil && got[0], err
	}, func(ctx context.Context) ([]string, error) { return c.holders(ctx, gate) })
	if err != nil {
		return err
	}
	slots := c.slots()
	return take(ctx, wait, func(ctx context.Context) (bool, error) {
		got, err := c.try(ctx, slots...)
		if err != nil {
			return false, err
		}
		var held []string
		for i, g := range got {
			if g {
				held = append(held, slots[i])
			}
		}
		if len(held) == len(slots) {
			return true, nil
		}
		return false, c.unlock(ctx, held...)
	}, func(ctx context.Context) ([]string, error) { return c.holders(ctx, slots...) })
}

func joinErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
