package dev.riskgate.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may change the rules is who may change the service's answers, so a served rules directory must
 * be writable by its owner alone: not by others, and not by a group other than the owner's own private
 * group (a clone made under umask 002 is group-writable, but only for the user's own group). A file in it that is a symlink must
 * stay inside it, or the pack would be whatever the link's target directory holds.
 */
final class RulesDirectoryCheck {

    private RulesDirectoryCheck() {
    }

    /** Rejects {@code dir} when it or a pack file in it is group/other-writable or links outside it. */
    static void requireSafe(Path dir) throws RulePackRejected {
        List<CompileError> errors = new ArrayList<>();
        try {
            Path real = dir.toRealPath();
            writable(real, dir.toString(), errors);
            // the files the loader reads, links followed: the same list, so none escapes the check
            for (Path p : RulePackLoader.inputs(real)) {
                String name = p.getFileName().toString();
                Path target = p.toRealPath();
                if (!target.startsWith(real)) {
                    errors.add(new CompileError(name, null, null, "is a symlink to " + target
                            + ", outside the rules directory: copy the file in instead"));
                    continue;
                }
                writable(target, name, errors);
            }
        } catch (IOException | UncheckedIOException e) {
            errors.add(new CompileError(dir.toString(), null, null, "cannot be checked: " + e));
        }
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
    }

    private static void writable(Path p, String shown, List<CompileError> errors) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return; // no group/other write bits to check on this file system
        }
        boolean sharedGroup = perms.contains(PosixFilePermission.GROUP_WRITE) && !privateGroup(p);
        if (sharedGroup || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            errors.add(new CompileError(shown, null, null, "is writable by " + (perms.contains(PosixFilePermission.OTHERS_WRITE)
                    ? "anyone" : "its group") + " (" + PosixFilePermissions.toString(perms) + "); rules run as code in the "
                    + "service, so only their owner may change them: chmod go-w " + p));
        }
    }

    /** The user-private-group convention: a group named as its owner, holding no one else. */
    private static boolean privateGroup(Path p) throws IOException {
        java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(p,
                java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.group().getName().equals(a.owner().getName());
    }
}
