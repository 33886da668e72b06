package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// rssLimitMB is the peak RSS the loader must stay under, at any size.
const rssLimitMB = 100

// bench is one invocation: the generated data, the server, the results.
type bench struct {
	cfg     config
	dir     string
	log     io.Writer
	pg      *postgres
	my      *mariadb      // nil unless csv_to_mariadb runs
	api     *apiServer    // nil unless api_to_pg runs
	pq      parquetData   // empty unless parquet_to_pg runs
	kafka   *kafkaCluster // nil unless kafka_to_pg runs
	rabbit  *rabbit       // nil unless rabbitmq_to_pg runs
	data    dataset
	results map[string]*caseResult
}

func newBench(ctx context.Context, cfg config, dir string, log io.Writer) (*bench, error) {
	pg, err := openPostgres(ctx, cfg.database)
	if err != nil {
		return nil, err
	}
	b := &bench{cfg: cfg, dir: dir, log: log, pg: pg, results: map[string]*caseResult{}}
	if slices.Contains(cfg.cases, csvToMariaDB) {
		if b.my, err = openMariaDB(ctx, cfg.mysql); err != nil {
			b.close()
			return nil, err
		}
	}
	if slices.Contains(cfg.cases, apiToPG) {
		b.api, err = startAPI(ctx, cfg.apiN)
	} else {
		err = placeholderAddr(apiAddrEnv)
	}
	if err == nil {
		err = b.openKafka(ctx)
	}
	if err != nil {
		b.close()
		return nil, err
	}
	if slices.Contains(cfg.cases, rabbitToPG) {
		b.rabbit, err = openRabbit(ctx, cfg.amqp, cfg.rabbitN)
	} else {
		err = placeholderRabbit()
	}
	if err != nil {
		b.close()
		return nil, err
	}
	if slices.Contains(cfg.cases, parquetToPG) {
		start := time.Now()
		if b.pq, err = prepareParquet(ctx, dir, cfg.parquetN); err != nil {
			b.close()
			return nil, err
		}
		fmt.Fprintf(log, "generated %d Parquet rows in %.1f s\n", cfg.parquetN, time.Since(start).Seconds())
	}
	if !slices.ContainsFunc(cfg.cases, func(c string) bool { return c != apiToPG && c != parquetToPG && c != rabbitToPG && c != kafkaToPG }) && cfg.rssN == 0 {
		return b, nil // no case reads the sales rows
	}
	start := time.Now()
	if b.data, err = prepare(ctx, dir, "sales", cfg.n, cfg.seed, true); err != nil {
		b.close()
		return nil, err
	}
	fmt.Fprintf(log, "generated %d raw rows (seed %d) and %d pre-transformed rows (%d rejected) in %.1f s\n",
		cfg.n, cfg.seed, b.data.Want.Rows, b.data.Rejected, time.Since(start).Seconds())
	return b, nil
}

func (b *bench) close() {
	b.pg.close(context.Background(), b.cfg.keep)
	if b.my != nil && !b.cfg.keep {
		b.my.drop(context.Background())
	}
	if b.api != nil {
		b.api.close()
	}
	if b.rabbit != nil {
		b.rabbit.close()
	}
	if b.kafka != nil {
		b.kafka.close()
	}
}

// all runs the selected cases, then the RSS check if asked for. On an
// error the report holds what finished before it.
func (b *bench) all(ctx context.Context) (*report, error) {
	rep := newReport(ctx, b)
	defer func() { rep.OwnPeakRSSMB = round1(mb(ownPeakKiB())) }()
	for _, name := range b.cfg.cases {
		res, err := b.runCase(ctx, b.newCase(name))
		if err != nil {
			return rep, err
		}
		rep.Cases = append(rep.Cases, res)
	}
	if b.cfg.rssN > 0 {
		res, err := b.rssCheck(ctx)
		rep.RSSCheck = res
		return rep, err
	}
	return rep, nil
}

// rssResult is the peak RSS of one csv_to_pg_empty run at -rss-n rows.
type rssResult struct {
	Case      string  `json:"case"`
	Rows      int     `json:"rows"`
	Seconds   float64 `json:"seconds"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	LimitMB   float64 `json:"limit_mb"`
	Met       bool    `json:"met"`
}

// rssCheck generates -rss-n rows, loads them once with bench_csv into an
// empty schema and checks the result like the cases do.
func (b *bench) rssCheck(ctx context.Context) (*rssResult, error) {
	n := b.cfg.rssN
	fmt.Fprintf(b.log, "rss check: generating %d rows\n", n)
	d, err := prepare(ctx, b.dir, "rss", n, b.cfg.seed, false)
	if err != nil {
		return nil, err
	}
	defer func() {
		if !b.cfg.keep {
			_ = os.Remove(d.Raw)
		}
	}()
	if err := b.freshPG(ctx); err != nil {
		return nil, err
	}
	m, err := b.runPipeline(ctx, b.pg.loaderURL, "bench_csv", d.Raw)
	if err != nil {
		return nil, fmt.Errorf("rss check at %d rows: %w", n, err)
	}
	res := &rssResult{Case: csvToPGEmpty, Rows: n, Seconds: m.seconds, PeakRSSMB: round1(mb(m.maxRSSKiB)), LimitMB: rssLimitMB}
	res.Met = res.PeakRSSMB <= rssLimitMB
	fmt.Fprintf(b.log, "rss check: %d rows in %.1f s, peak RSS %.1f MB\n", n, m.seconds, res.PeakRSSMB)
	got, err := b.pg.digest(ctx)
	if err != nil {
		return res, err
	}
	return res, check("rss check "+csvToPGEmpty, "loader", 1, got, d.Want)
}
