package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"pingan/handlers"
)

func runServe(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: pingan serve\n\nRuns the Pingan HTTP server. It is configured from the environment.")
		printSettings(fs.Output())
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "pingan: cannot start:", err)
		return 1
	}
	return 0
}

// serve runs the server until ctx ends, then shuts down gracefully: in-flight requests finish,
// the driver disconnects, the embedded store stops.
func serve(ctx context.Context, cfg handlers.Config) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	app, err := handlers.New(ctx, cfg)
	if err != nil {
		ln.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- app.Serve(ln) }()
	cfg.Logger.Info("pingan ready", "addr", "http://"+ln.Addr().String(), "store", storeName(app), "readOnly", cfg.ReadOnly)
	fmt.Printf("平安调解 Pingan listening on http://%s\n", ln.Addr())
	select {
	case <-ctx.Done():
	case err := <-errc:
		if err != nil {
			app.Shutdown(context.Background())
			return err
		}
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := app.Shutdown(shutdownCtx); err != nil {
		cfg.Logger.Error("shutdown", "err", err)
	}
	cfg.Logger.Info("pingan stopped")
	return nil
}

func storeName(app *handlers.App) string {
	if uri := app.Store().EmbeddedURI(); uri != "" {
		return "embedded FerretDB on the Unix socket " + app.Store().EmbeddedSocket() + " (" + uri + ")"
	}
	return "MongoDB"
}
