package cluster

import (
	"strings"
	"testing"
)

func spec() *JobSpec {
	return &JobSpec{Name: "stp", Shards: 8, MaxParallel: 3, Time: "01:00:00", CPUs: 4, Mem: "4G",
		Partition: "compute", Account: "proj1", Extra: []string{"#SBATCH --qos=long"},
		Batch: "/shared/out/job/batch", Sweep: "/home/me/my sweeps/stp.toml", Out: "/shared/out",
		LogDir: "/shared/out/job/logs", RunArgs: []string{"--replicas", "64"}}
}

func lines(s string) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		m[l] = true
	}
	return m
}

func TestScriptSlurm(t *testing.T) {
	s, err := Script(Slurm, spec())
	if err != nil {
		t.Fatal(err)
	}
	l := lines(s)
	for _, want := range []string{"#!/bin/bash", "#SBATCH --job-name=stp", "#SBATCH --array=0-7%3",
		"#SBATCH --output=/shared/out/job/logs/%A_%a.out", "#SBATCH --requeue", "#SBATCH --cpus-per-task=4",
		"#SBATCH --time=01:00:00", "#SBATCH --mem=4G", "#SBATCH --partition=compute", "#SBATCH --account=proj1",
		"#SBATCH --qos=long",
		"exec /shared/out/job/batch run '/home/me/my sweeps/stp.toml' --out /shared/out --shards 8 --replicas 64"} {
		if !l[want] {
			t.Errorf("script lacks line %q:\n%s", want, s)
		}
	}
	// Every directive must come before the first command, or sbatch ignores it.
	firstCmd := strings.Index(s, "\nset -euo")
	if strings.LastIndex(s, "#SBATCH") > firstCmd {
		t.Errorf("a #SBATCH line follows a command:\n%s", s)
	}
}

func TestScriptOtherSchedulers(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		want []string
	}{
		{PBS, []string{"#PBS -J 0-7", "#PBS -l select=1:ncpus=4:mem=4gb", "#PBS -l walltime=01:00:00", "#PBS -q compute",
			"#PBS -A proj1"}},
		{SGE, []string{"#$ -t 1-8", "#$ -tc 3", "#$ -pe smp 4", "#$ -l h_rt=01:00:00", "#$ -q compute"}},
		{LSF, []string{`#BSUB -J "stp[1-8]%3"`, "#BSUB -n 4", "#BSUB -W 01:00:00", "#BSUB -q compute", "#BSUB -P proj1"}},
	} {
		s, err := Script(c.k, spec())
		if err != nil {
			t.Fatal(err)
		}
		l := lines(s)
		for _, w := range c.want {
			if !l[w] {
				t.Errorf("%s script lacks %q:\n%s", c.k, w, s)
			}
		}
		if !strings.Contains(s, "--shards 8 --workers 4") {
			t.Errorf("%s script does not run --shards 8 --workers 4:\n%s", c.k, s)
		}
	}
}

func TestScriptRefusesInjection(t *testing.T) {
	for _, mod := range []func(*JobSpec){
		func(s *JobSpec) { s.Time = "1:00\n#SBATCH --mem=1T" },
		func(s *JobSpec) { s.Partition = "a b" },
		func(s *JobSpec) { s.Extra = []string{"rm -rf /"} },
		func(s *JobSpec) { s.Shards = 0 },
		func(s *JobSpec) { s.MaxParallel = -1 },
	} {
		s := spec()
		mod(s)
		if _, err := Script(Slurm, s); err == nil {
			t.Errorf("Script accepted %+v", s)
		}
	}
}

func TestArraySpec(t *testing.T) {
	for _, c := range []struct {
		in   []int
		k    int
		want string
	}{
		{[]int{0, 1, 2, 3}, 0, "0-3"},
		{[]int{7, 1, 2, 3, 9}, 2, "1-3,7,9%2"},
		{[]int{5}, 0, "5"},
	} {
		if got := ArraySpec(c.in, c.k); got != c.want {
			t.Errorf("ArraySpec(%v, %d) = %q, want %q", c.in, c.k, got, c.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	cfg := "Configuration data as of 2026-11-29T10:00:00\nMaxArraySize            = 501\nMaxJobCount             = 300\nMaxStepCount = 40000\n"
	l := ParseLimits([]byte(cfg))
	if l.MaxArraySize != 501 || l.MaxJobCount != 300 || l.MaxTasks() != 300 {
		t.Errorf("ParseLimits = %+v (max tasks %d), want 501, 300, 300", l, l.MaxTasks())
	}
	if l := ParseLimits([]byte("nothing")); l != DefaultLimits {
		t.Errorf("ParseLimits of nothing = %+v, want the defaults", l)
	}
}
