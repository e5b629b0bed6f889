package dev.riskgate.rules;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The sandbox's second check, independent of how the policy reads DRL text: every class the Java
 * compiler made from the pack (consequences, evals, accumulate and return-value code, and Drools' own
 * invokers for them) is read as bytecode, and every method it calls, field it reads, type it creates or
 * casts to and class constant it loads must be one the {@link DrlAllowList} grants, or one of the few
 * Drools calls the generated invokers make to hand a rule its facts. Whatever the policy misreads (a
 * comment, a quote, an escape), the compiled code is what runs, and this is what it may touch.
 * <p>
 * Pattern constraints are not compiled here (the engine interprets them with MVEL); they are covered by the
 * policy alone and, at run time, by the {@link EvaluationWatch} budget.
 */
final class CompiledCodeAudit {

    /** What Drools' generated invokers call to read a rule's facts and bindings: owner -> method names. */
    private static final Map<String, Set<String>> ENGINE_GLUE = Map.of(
            "org/drools/base/rule/Declaration", Set.of("getValue", "getDoubleValue", "getIntValue", "getLongValue",
                    "getBooleanValue", "getFloatValue", "getShortValue", "getByteValue", "getCharValue", "getIdentifier",
                    "getDeclarationClass"),
            "org/drools/core/rule/consequence/KnowledgeHelper", Set.of("getTuple", "getRule"),
            "org/kie/api/definition/rule/Rule", Set.of("getName"),
            "org/drools/base/reteoo/BaseTuple", Set.of("getFactHandle", "getObject", "get"),
            "org/kie/api/runtime/rule/FactHandle", Set.of(),
            "org/drools/base/base/ValueResolver", Set.of(),
            "org/drools/core/common/InternalFactHandle", Set.of("getObject"),
            "org/drools/base/definitions/rule/impl/RuleImpl", Set.of("getName"),
            // an accumulate's generated code turns literal values into field values
            "org/drools/mvel/field/FieldFactory", Set.of("getInstance", "getFieldValue"));
    /** What javac emits for a string concatenation, and for a constructor's super call. */
    private static final Map<String, Set<String>> LANGUAGE_GLUE = Map.of(
            "java/lang/StringBuilder", Set.of("<init>", "append", "toString"),
            "java/lang/Object", Set.of("<init>"));

    /** The most arguments a rule passes to one call (String.format's, say). */
    static final int MAX_VARARGS = 32;

    private CompiledCodeAudit() {
    }

    /**
     * The calls outside the allow-list made by the class {@code bytes}, as messages; {@code generated} holds
     * the internal names (with '/') of every class compiled from the pack, which may call each other.
     */
    static Set<String> check(byte[] bytes, Set<String> generated) {
        Set<String> refused = new TreeSet<>();
        ClassReader reader = new ClassReader(bytes);
        if (isEngineInvoker(reader)) {
            return refused;
        }
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    /** The int constant the last instruction pushed, or -1: what sizes an array. */
                    private int lastConstant = -1;

                    @Override
                    public void visitInsn(int opcode) {
                        lastConstant = opcode >= Opcodes.ICONST_0 && opcode <= Opcodes.ICONST_5 ? opcode - Opcodes.ICONST_0 : -1;
                    }

                    @Override
                    public void visitVarInsn(int opcode, int var) {
                        lastConstant = -1;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (!methodAllowed(owner, method, desc, opcode == Opcodes.INVOKESTATIC, generated)) {
                            refused.add("calls " + owner.replace('/', '.') + "." + method);
                        }
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                        if (!ownedHere(owner, generated) && !staticFieldAllowed(owner, field, opcode)) {
                            refused.add("reads " + owner.replace('/', '.') + "." + field);
                        }
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.ANEWARRAY) {
                            // javac's own array for varargs (String.format's arguments) has a small constant size
                            if (lastConstant < 0 || lastConstant > MAX_VARARGS || !(type.equals("java/lang/Object")
                                    || typeAllowed(type, generated))) {
                                refused.add("creates an array of " + type.replace('/', '.'));
                            }
                        } else if (!typeAllowed(type, generated)) {
                            refused.add((opcode == Opcodes.NEW ? "creates " : "casts to ") + type.replace('/', '.'));
                        }
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        if (opcode == Opcodes.NEWARRAY) {
                            refused.add("creates an array");
                        }
                        lastConstant = opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH ? operand : -1;
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String descriptor, int dims) {
                        refused.add("creates an array " + descriptor);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof Type t && t.getSort() == Type.OBJECT && !ownedHere(t.getInternalName(), generated)) {
                            refused.add("loads the class " + t.getClassName());
                        } else if (value instanceof Type || value instanceof Handle) {
                            refused.add("loads a class or method constant");
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
                        if (!bootstrap.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                            refused.add("makes a lambda or dynamic call through " + bootstrap.getOwner().replace('/', '.'));
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return refused;
    }

    /**
     * Drools writes an invoker class per consequence, eval or accumulate from its own fixed template: it
     * reads the rule's facts and calls the method of the {@code Rule_} class that holds the rule's code.
     * No rule text reaches it (its name ends in "Invoker"; a rule's own class ends in a hash), so it is the
     * engine's code, not the pack's.
     */
    private static boolean isEngineInvoker(ClassReader reader) {
        return reader.getClassName().endsWith("Invoker")
                && Arrays.asList(reader.getInterfaces()).contains("org/drools/base/rule/accessor/CompiledInvoker");
    }

    private static boolean ownedHere(String owner, Set<String> generated) {
        int inner = owner.indexOf('$');
        return generated.contains(owner) || (inner > 0 && generated.contains(owner.substring(0, inner)));
    }

    private static boolean methodAllowed(String owner, String method, String desc, boolean isStatic, Set<String> generated) {
        if (ownedHere(owner, generated) || LANGUAGE_GLUE.getOrDefault(owner, Set.of()).contains(method)
                || ENGINE_GLUE.getOrDefault(owner, Set.of()).contains(method)) {
            return true;
        }
        Optional<Class<?>> type = load(owner);
        if (type.isEmpty()) {
            return false;
        }
        Type[] args = Type.getArgumentTypes(desc);
        return DrlAllowList.methods(type.get(), method, isStatic, args.length).stream()
                .anyMatch(m -> Type.getReturnType(m).equals(Type.getReturnType(desc)));
    }

    private static boolean staticFieldAllowed(String owner, String field, int opcode) {
        if (opcode != Opcodes.GETSTATIC) {
            return false;
        }
        return load(owner).flatMap(t -> DrlAllowList.staticField(t, field)).isPresent();
    }

    private static boolean typeAllowed(String internalName, Set<String> generated) {
        if (ownedHere(internalName, generated) || LANGUAGE_GLUE.containsKey(internalName)
                || ENGINE_GLUE.containsKey(internalName)) {
            return true;
        }
        return load(internalName).filter(t -> DrlAllowList.isValueType(t) || DrlAllowList.GLOBALS.containsValue(t)).isPresent();
    }

    private static Optional<Class<?>> load(String internalName) {
        try {
            return Optional.of(Class.forName(internalName.replace('/', '.'), false, CompiledCodeAudit.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
