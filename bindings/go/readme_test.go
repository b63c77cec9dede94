package otaplan

import (
	"os"
	"strings"
	"testing"
)

// README.md's "From Go" shows Example()'s body, line for line.
func TestReadmeShowsTheExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("no README beside the module (an installed copy)")
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	body := string(example)
	body = body[strings.Index(body, "func Example() {\n")+len("func Example() {\n"):]
	body = body[:strings.Index(body, "\t// Output:")]
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		if !strings.Contains(string(readme), strings.TrimPrefix(line, "\t")+"\n") {
			t.Fatalf("README.md lacks the example's line %q", line)
		}
	}
}
