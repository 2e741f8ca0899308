package main

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

// runHealth checks a running server (for container healthchecks, where there is no shell or curl).
func runHealth(args []string) int {
	url := "http://127.0.0.1:8080/readyz"
	if len(args) > 0 {
		url = args[0]
	}
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan health:", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "pingan health:", url, "answered", resp.Status)
		return 1
	}
	return 0
}
